-- Re-runnable (if not exists): H2 commits DDL as it goes, so a crash mid-script must not leave it unable to finish.
-- How a connection is shared: PRIVATE, ORGANIZATION, GROUPS or VIEWER_CREDENTIALS.
alter table carto_connections add column if not exists sharing varchar(32) default 'PRIVATE' not null;

create index if not exists carto_connections_sharing on carto_connections (organization_id, sharing, name);

-- The groups a connection is shared with when its sharing is GROUPS.
create table if not exists carto_connection_groups (
    connection_id varchar(64) not null references carto_connections (id) on delete cascade,
    group_name varchar(255) not null,
    primary key (connection_id, group_name)
);

create index if not exists carto_connection_groups_group on carto_connection_groups (group_name, connection_id);

-- Each viewer's own credentials for a connection shared with viewer credentials, encrypted like the owner's.
create table if not exists carto_viewer_credentials (
    connection_id varchar(64) not null references carto_connections (id) on delete cascade,
    user_id varchar(255) not null,
    secret_key varchar(64) not null,
    ciphertext text not null,
    key_id varchar(64) not null,
    primary key (connection_id, user_id, secret_key)
);

create index if not exists carto_viewer_credentials_key on carto_viewer_credentials (key_id);

-- What the host says uses a connection. No cascade: deleting a connection that something uses must fail.
create table if not exists carto_connection_usages (
    connection_id varchar(64) not null references carto_connections (id),
    kind varchar(64) not null,
    dependent_id varchar(255) not null,
    owner_id varchar(255) not null,
    primary key (connection_id, kind, dependent_id)
);
