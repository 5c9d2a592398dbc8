-- Connections, one row each; non-secret settings as JSON text so the schema does not follow provider changes.
create table carto_connections (
    id varchar(64) primary key,
    organization_id varchar(255) not null,
    owner_id varchar(255) not null,
    name varchar(50) not null,
    provider_id varchar(64) not null,
    auth_method varchar(64) not null,
    properties text not null,
    advanced text not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    version bigint not null,
    constraint carto_connections_name_unique unique (organization_id, name)
);

create index carto_connections_owner on carto_connections (organization_id, owner_id);

-- Secrets, encrypted; the key id is a column so rotation finds what is left under old keys with an index.
create table carto_connection_secrets (
    connection_id varchar(64) not null references carto_connections (id) on delete cascade,
    secret_key varchar(64) not null,
    ciphertext text not null,
    key_id varchar(64) not null,
    primary key (connection_id, secret_key)
);

create index carto_connection_secrets_key on carto_connection_secrets (key_id);
