import type { MarkdownBlock } from '../model/files.js';
import type { YamlFileModel, YamlValue } from '../model/yaml.js';
import { before } from '../model/yaml.js';
import { printYaml } from '../print/yaml.js';
import type { Decision, PlannedFile } from '../types.js';
import type { ReleaseContext } from './context.js';
import { imageReference, placeholders } from './registry.js';
import { keylessIdentity } from './shell.js';

/**
 * What the pushed image carries besides its signature — SBOMs and SLSA provenance — how to check it, and the
 * tier 4 admission policy (Sigstore policy-controller) that refuses images without signature and provenance.
 */

/** In-toto predicate type of SLSA v1 provenance (cosign `--type slsaprovenance1`, BuildKit `version=v1`). */
export const SLSA_V1_PREDICATE = 'https://slsa.dev/provenance/v1';
/** The public-good Sigstore instances cosign uses by default. */
export const FULCIO_URL = 'https://fulcio.sigstore.dev';
export const REKOR_URL = 'https://rekor.sigstore.dev';
/** Kubernetes secret (in the policy-controller's namespace) holding `cosign.pub` for key-based signatures. */
export const COSIGN_PUB_SECRET = 'cosign-pub';
const POLICY_CONTROLLER_NAMESPACE = 'cosign-system';

/**
 * Re-signs BuildKit's SLSA v1 provenance as a Cosign attestation of the pushed digest, so `cosign
 * verify-attestation --type slsaprovenance1` and policy-controller (which reads Cosign attestations) can check it.
 * Expects `$IMAGE`, `$DIGEST` and cosign's signing setup (keyless token or `--key` via `$COSIGN_SIGN_ARGS`);
 * `imagetools inspect` prints one provenance per platform for a multi-platform image, the first one is attested.
 * The `.Provenance` output shape was taken from the buildx docs, not run here (no buildx on this machine).
 */
export const PROVENANCE_ATTEST_SCRIPT = [
  'docker buildx imagetools inspect "$IMAGE@$DIGEST" --format \'{{ json .Provenance }}\' > provenance.all.json',
  'jq \'if has("SLSA") then .SLSA else (to_entries | map(select(.value.SLSA != null)) | .[0].value.SLSA) end\' provenance.all.json > provenance.json',
  'test "$(jq -r \'.buildDefinition.buildType // empty\' provenance.json)" != "" || { echo "no SLSA v1 provenance on $IMAGE@$DIGEST" >&2; exit 1; }',
  '# shellcheck disable=SC2086 # COSIGN_SIGN_ARGS is a list of flags',
  'cosign attest --yes $COSIGN_SIGN_ARGS --type slsaprovenance1 --predicate provenance.json "$IMAGE@$DIGEST"',
].join('\n');

/** `IMAGE=…` for docs, with placeholders as shell variables. */
export function imageForDocs(ctx: ReleaseContext): string {
  return imageReference(ctx.registry, (v) => `$${v}`);
}

/** The flags of `cosign verify`/`verify-attestation` that pin who signed: keyless identity or the public key. */
export function cosignIdentityFlags(ctx: ReleaseContext): string {
  const id = keylessIdentity(ctx);
  if (!id) return '--key cosign.pub';
  return `--certificate-oidc-issuer ${id.issuer} --certificate-identity-regexp '${id.identityRegexp}'`;
}

export function provenanceReadme(ctx: ReleaseContext): MarkdownBlock[] {
  const flags = cosignIdentityFlags(ctx);
  const github = ctx.ci === 'github';
  return [
    { kind: 'heading', level: 2, text: 'SBOM and provenance' },
    {
      kind: 'paragraph',
      text: `The \`production\` bake target pushes two BuildKit attestations with the image (in the same image index, one per platform): an **SPDX** SBOM made by BuildKit’s Syft scanner (\`type=sbom\`, like \`docker buildx build --sbom=true\`) and **SLSA v1 provenance** with \`mode=max\` (\`type=provenance,mode=max,version=v1\`): the source, the Dockerfile, base image digests and every build argument. The pipeline also writes a **CycloneDX** SBOM with Trivy and attaches it as a signed Cosign attestation.`,
    },
    {
      kind: 'list',
      items: [
        '`mode=max` provenance records the values of all build arguments, readable by anyone who can pull the image: pass secrets with `--secret`/`RUN --mount=type=secret`, never as `ARG`.',
        'BuildKit attestations are not signed by themselves; they are covered by the signature of the index digest and, for admission control, re-attested with Cosign (below).',
        'Loading an image into the classic Docker image store (`--load`) drops the attestations; only pushed images (or the containerd image store) keep them.',
      ],
    },
    { kind: 'heading', level: 3, text: 'Check what is attached' },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        `IMAGE=${imageForDocs(ctx)}`,
        'DIGEST=sha256:…   # from the pipeline log, never a tag',
        `docker buildx imagetools inspect "$IMAGE@$DIGEST" --format '{{ json .Provenance }}'`,
        `docker buildx imagetools inspect "$IMAGE@$DIGEST" --format '{{ json .SBOM }}'`,
        `cosign verify-attestation --type cyclonedx ${flags} "$IMAGE@$DIGEST"`,
        `cosign verify-attestation --type slsaprovenance1 ${flags} "$IMAGE@$DIGEST"`,
        ...(github ? ['gh attestation verify "oci://$IMAGE@$DIGEST" --owner OWNER'] : []),
      ],
    },
    {
      kind: 'paragraph',
      text: `\`cosign verify-attestation --type slsaprovenance1\` finds the provenance only when the pipeline re-signs BuildKit’s provenance as a Cosign attestation (\`docker buildx imagetools inspect … .Provenance\` → \`cosign attest --type slsaprovenance1\`); the admission policy in \`${ctx.paths.cosignPolicy ?? 'deploy/cosign-policy.yaml'}\` requires that attestation.${github ? ' `gh attestation verify` checks the GitHub artifact attestation (actions/attest-build-provenance), which GitHub stores in the registry as a Sigstore bundle.' : ''}`,
    },
  ];
}

export function provenanceDecisions(_ctx: ReleaseContext): Decision[] {
  return [
    {
      topic: 'SBOM',
      choice:
        'SPDX from BuildKit (`type=sbom`) attached to the image, plus a CycloneDX SBOM from Trivy as a Cosign attestation',
      reason:
        'both formats are asked for by tooling and auditors; the BuildKit one travels with the image index, the Cosign one is signed',
    },
    {
      topic: 'provenance',
      choice: 'BuildKit SLSA v1 provenance, `mode=max`',
      reason: `records the full build definition (base image digests, build args); \`version=v1\` gives the \`${SLSA_V1_PREDICATE}\` predicate that cosign and policy-controller check`,
    },
  ];
}

/** A policy-controller image glob for the pushed repository: `*` stands for each placeholder (one path segment). */
export function policyGlob(ctx: ReleaseContext): string {
  const name = `${ctx.registry.canonicalHost}/${ctx.registry.repository}`.replace(/\{[A-Z0-9_]+\}/g, '*');
  // policy-controller matches the resolved reference (`repo@sha256:…` or `repo:tag`); `@` is not allowed in a glob,
  // so `**` (any characters) follows the repository.
  return `${name}**`;
}

function authority(ctx: ReleaseContext, name: string, attestations?: YamlValue): YamlValue {
  const id = keylessIdentity(ctx);
  const signer: Record<string, YamlValue> = id
    ? {
        keyless: {
          url: FULCIO_URL,
          identities: [
            before(
              { issuer: id.issuer, subjectRegExp: id.identityRegexp },
              `Replace ${ctx.ci === 'github' ? 'OWNER/REPO' : 'GROUP/PROJECT'} with this repository: only its ${ctx.defaultBranch} branch and v* tags may sign.`,
            ),
          ],
        },
      }
    : {
        key: before(
          { secretRef: { name: COSIGN_PUB_SECRET } },
          `The public key: kubectl -n ${POLICY_CONTROLLER_NAMESPACE} create secret generic ${COSIGN_PUB_SECRET} --from-file=cosign.pub=cosign.pub`,
          '(policy-controller reads the secret from its own namespace; check your installation’s namespace.)',
        ),
      };
  return {
    name,
    ...signer,
    ctlog: { url: REKOR_URL },
    ...(attestations ? { attestations } : {}),
  };
}

function policyDocument(
  ctx: ReleaseContext,
  suffix: string,
  requirement: string,
  auth: YamlValue,
): YamlFileModel {
  return {
    header: [],
    spaceTopLevel: false,
    body: {
      apiVersion: 'policy.sigstore.dev/v1beta1',
      kind: 'ClusterImagePolicy',
      metadata: before({ name: `${ctx.image}-${suffix}` }, requirement),
      spec: {
        images: [{ glob: policyGlob(ctx) }],
        authorities: [auth],
        mode: before(
          'enforce',
          'enforce: reject the pod; warn: admit it with a warning (use while rolling out).',
        ),
      },
    },
  };
}

/**
 * `deploy/cosign-policy.yaml`: two ClusterImagePolicies for the image. policy-controller admits an image only when
 * every matching policy passes, and a policy passes when one of its authorities does — so signature and
 * provenance are two policies (both required), not two authorities of one (either would do).
 */
export function admissionPolicy(ctx: ReleaseContext): PlannedFile | null {
  if (!ctx.paths.cosignPolicy) return null;
  const signature = policyDocument(
    ctx,
    'signed',
    'Every pod image from this repository must carry a Cosign signature from the release pipeline.',
    authority(ctx, 'signature'),
  );
  const provenance = policyDocument(
    ctx,
    'provenance',
    'It must also carry SLSA v1 provenance, attested (signed) by the same pipeline.',
    authority(ctx, 'provenance', [{ name: 'slsa-provenance', predicateType: SLSA_V1_PREDICATE }]),
  );
  const header = [
    `# Generated by \`dockwright init\` (tier ${ctx.tier}). Admission policy for the ${ctx.image} image (Sigstore policy-controller).`,
    `# Install policy-controller (Helm chart sigstore/policy-controller), label the namespaces to enforce with`,
    '# policy.sigstore.dev/include=true, then: kubectl apply -f this file.',
    `# The image glob uses * where the registry path has a setting (${placeholders(`${ctx.registry.canonicalHost}/${ctx.registry.repository}`).join(', ') || 'none'}); narrow it to yours.`,
  ];
  const text = [...header, printYaml(signature).trimEnd(), '---', printYaml(provenance).trimEnd()].join('\n');
  return { kind: 'text', path: ctx.paths.cosignPolicy, model: { lines: text.split('\n') } };
}
