/**
 * The TLS identity of the fake SMTP server — TEST ONLY.
 *
 * A self-signed certificate (EC P-256, CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1, IP:::1,
 * valid 2000-01-01 to 2100-01-01) and its private key, generated once with Python's `cryptography` package
 * and shipped here as text. Its private key is public: trust this certificate only in tests and demos,
 * for connections to a fake on the loopback interface, never for a real server.
 *
 * Why a fixture and not a certificate made per run: node's `crypto` cannot issue X.509 certificates, and a
 * registry package that can (`selfsigned`, on `node-forge`) would add a dependency to `@callwire/core` and
 * generate keys in pure JavaScript at every start. A fixed certificate costs nothing, works offline and is
 * the same on every machine. It is kept in a module, not a `.pem` file, so that the bundled ESM and CJS
 * builds carry it without copying assets.
 */
export const fakeSmtpCertificate = `
-----BEGIN CERTIFICATE-----
MIIB9DCCAZmgAwIBAgIUcVVrj0XoAfubD+qDdgAXM+9tX6MwCgYIKoZIzj0EAwIw
VzESMBAGA1UEAwwJbG9jYWxob3N0MUEwPwYDVQQKDDhjYWxsd2lyZSB0ZXN0LW9u
bHkgU01UUCBmYWtlIChuZXZlciB0cnVzdCBvdXRzaWRlIHRlc3RzKTAgFw0wMDAx
MDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowVzESMBAGA1UEAwwJbG9jYWxob3N0
MUEwPwYDVQQKDDhjYWxsd2lyZSB0ZXN0LW9ubHkgU01UUCBmYWtlIChuZXZlciB0
cnVzdCBvdXRzaWRlIHRlc3RzKTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMVm
J1LrwkYaCHKRVNP6EJiFDC2P9BTPozEUJciuk5MiD4EuvEQ4no7oCAtVGuBTFhaP
73HfbPiWItRMn9Wibk6jQTA/MCwGA1UdEQQlMCOCCWxvY2FsaG9zdIcEfwAAAYcQ
AAAAAAAAAAAAAAAAAAAAATAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kA
MEYCIQCz/HPstrbMgmoKYut49ndU/hLvMEDCYrxYOe33TaAJ7gIhAMzvnkIZOdBT
NI9T9MlRNr8Zuf/YLYpO2IBgIzeZDJT5
-----END CERTIFICATE-----
`.trimStart();

/** The private key of {@link fakeSmtpCertificate} — public, test only. */
export const fakeSmtpPrivateKey = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPzutGTTNYc7BlmLH
oq+/GuSanVdp+abrBbicNj5uKHGhRANCAATFZidS68JGGghykVTT+hCYhQwtj/QU
z6MxFCXIrpOTIg+BLrxEOJ6O6AgLVRrgUxYWj+9x32z4liLUTJ/Vom5O
-----END PRIVATE KEY-----
`.trimStart();
