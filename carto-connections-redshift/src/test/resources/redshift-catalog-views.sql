-- Stand-ins for Redshift's catalog views, over PostgreSQL's information_schema, with the column names and spellings
-- of the Redshift reference (SVV_ALL_SCHEMAS, SVV_ALL_TABLES, SVV_ALL_COLUMNS: names varchar(128), is_nullable
-- 'yes'/'no', table_type 'TABLE'/'VIEW'/'EXTERNAL TABLE', data_type naming the type). Each also lists an external
-- schema that information_schema cannot, as Redshift's do for Spectrum schemas and datashares. They live in
-- pg_catalog, where Redshift keeps them.
set allow_system_table_mods = on;

create view pg_catalog.svv_all_schemas with (security_invoker = true) as
    select catalog_name::varchar(128) as database_name, schema_name::varchar(128) as schema_name,
           'local'::varchar(128) as schema_type
    from information_schema.schemata
    union all
    select current_database()::varchar(128), 'spectrum_sales', 'external';

create view pg_catalog.svv_all_tables with (security_invoker = true) as
    select table_catalog::varchar(128) as database_name, table_schema::varchar(128) as schema_name,
           table_name::varchar(128) as table_name,
           (case table_type when 'BASE TABLE' then 'TABLE' else table_type end)::varchar(128) as table_type
    from information_schema.tables
    union all
    select current_database()::varchar(128), 'spectrum_sales', 'sales', 'EXTERNAL TABLE';

create view pg_catalog.svv_all_columns with (security_invoker = true) as
    select table_catalog::varchar(128) as database_name, table_schema::varchar(128) as schema_name,
           table_name::varchar(128) as table_name, column_name::varchar(128) as column_name,
           ordinal_position::integer as ordinal_position, lower(is_nullable)::varchar(3) as is_nullable,
           (case when data_type in ('USER-DEFINED', 'ARRAY') then udt_name else data_type end)::varchar(128)
               as data_type
    from information_schema.columns
    union all
    select current_database()::varchar(128), 'spectrum_sales', 'sales', 'amount', 1, 'yes', 'numeric'
    union all
    select current_database()::varchar(128), 'spectrum_sales', 'sales', 'sold_at', 2, 'no',
           'timestamp without time zone';

-- Visible to all users, each seeing only what they may (security_invoker: information_schema as the caller).
grant select on pg_catalog.svv_all_schemas, pg_catalog.svv_all_tables, pg_catalog.svv_all_columns to public;
