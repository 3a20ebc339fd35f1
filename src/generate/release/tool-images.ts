/**
 * Scanner and signer images every pipeline runs as containers (GitLab and CircleCI jobs, Jenkins `docker run`):
 * one pin for all four CIs, by tag and digest. Trivy 0.74.0 and Cosign v3.0.6 digests were cross-checked in two
 * public repositories each (not pulled here); Cosign v3.0.6 is also what sigstore/cosign-installer v4 installs by
 * default. Trivy 0.69.4 was the malicious release of the 2026 supply-chain incident: never pin it.
 */
export const TRIVY_IMAGE =
  'aquasec/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969';
export const COSIGN_IMAGE =
  'ghcr.io/sigstore/cosign/cosign:v3.0.6@sha256:de9c65609e6bde17e6b48de485ee788407c9502fa08b8f4459f595b21f56cd00';
