-- Redshift's ST_GeomFromEWKB takes hexadecimal EWKB (or WKB) as VARCHAR, and Redshift has no bytea
-- (https://docs.aws.amazon.com/redshift/latest/dg/ST_GeomFromEWKB-function.html): the stand-in replaces PostGIS's
-- bytea version with one of Redshift's signature, so a provider that sends bytes fails here as it would there.
alter extension postgis drop function st_geomfromewkb(bytea);
drop function st_geomfromewkb(bytea);
create function st_geomfromewkb(ewkb_string character varying) returns geometry
    language sql immutable strict parallel safe
    as $$ select geometry(decode(ewkb_string, 'hex')) $$;
