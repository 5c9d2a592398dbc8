package com.carto.connections.testing;

/** Certificates for tests of settings that take one; none of them secures anything. */
public final class TestCertificates {
    /** A self-signed P-256 CA certificate, "CN=carto-connections test CA", valid until 2126. */
    public static final String CA_PEM = "-----BEGIN CERTIFICATE-----" + "\n"
            + "MIIBnjCCAUWgAwIBAgIUInMApUVEBSNc6Pd3BiM6pYv2iPwwCgYIKoZIzj0EAwIw" + "\n"
            + "JDEiMCAGA1UEAwwZY2FydG8tY29ubmVjdGlvbnMgdGVzdCBDQTAgFw0yNjEyMDQx" + "\n"
            + "ODMyMTRaGA8yMTI2MTExMDE4MzIxNFowJDEiMCAGA1UEAwwZY2FydG8tY29ubmVj" + "\n"
            + "dGlvbnMgdGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNVdw/ZzVx3g" + "\n"
            + "N8IDz1vXBM+rNkwJmdBpeUfz7wXHUHAa+3Rs5sUxeDGiZz5PfayvEPumzS/6qcvu" + "\n"
            + "nW8lHo0GFrijUzBRMB0GA1UdDgQWBBSFKJjpiGbQYe0dYQktORv9UaEcnzAfBgNV" + "\n"
            + "HSMEGDAWgBSFKJjpiGbQYe0dYQktORv9UaEcnzAPBgNVHRMBAf8EBTADAQH/MAoG" + "\n"
            + "CCqGSM49BAMCA0cAMEQCIALgAnMiLLOHYFkFTkk7L5PcbWM3yDF8WnGvmpcdRWjA" + "\n"
            + "AiAyHpI0AVWspuv7gdAtMMDyRQlG8En5I1ft62Qi5AMlIw==" + "\n"
            + "-----END CERTIFICATE-----" + "\n";

    private TestCertificates() {}
}
