-- Re-runnable (if not exists): H2 commits DDL as it goes, so a crash mid-script must not leave it unable to finish.
-- Grants: what a token holder may read of a connection. Sources, operations and referrers are JSON text; a grant goes
-- with its connection.
create table if not exists carto_grants (
    id varchar(64) primary key,
    connection_id varchar(64) not null references carto_connections (id) on delete cascade,
    organization_id varchar(255) not null,
    creator_id varchar(255) not null,
    sources text not null,
    operations text not null,
    referrers text not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    revoked_at timestamp with time zone
);

create index if not exists carto_grants_connection on carto_grants (connection_id, created_at);

-- The keys that sign grant tokens: the public key in the clear, the private key encrypted under the key ring.
-- A retired key verifies nothing any more.
create table if not exists carto_grant_signing_keys (
    key_id varchar(64) primary key,
    public_key text not null,
    private_key text not null,
    encryption_key_id varchar(64) not null,
    created_at timestamp with time zone not null,
    retired_at timestamp with time zone
);
