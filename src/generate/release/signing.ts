import type { MarkdownBlock } from '../model/files.js';
import type { Decision, PlannedFile } from '../types.js';
import { admissionPolicy, cosignIdentityFlags, imageForDocs } from './attestations.js';
import type { ReleaseContext, ReleaseOutput } from './context.js';
import { cosignVerifyCommand, keylessIdentity } from './shell.js';

/**
 * README "Signing and verification": what the pipeline signs and with which identity, how anyone verifies a
 * pushed image, and what to enforce at admission. Tier 4 also writes the admission policy (attestations.ts).
 */

function keylessBlocks(ctx: ReleaseContext): MarkdownBlock[] {
  const id = keylessIdentity(ctx)!;
  const token =
    ctx.ci === 'github'
      ? 'the job’s GitHub OIDC token (`permissions: id-token: write`, publish job only)'
      : 'the job’s GitLab OIDC token (`id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore`)';
  const owner = ctx.ci === 'github' ? 'OWNER/REPO' : 'GROUP/PROJECT';
  return [
    {
      kind: 'paragraph',
      text: `**Keyless** (Sigstore): ${token} is exchanged for a certificate from Fulcio that is valid for minutes and names the pipeline that signed; the signature is recorded in the public Rekor transparency log. There is no private key to store, leak or rotate. A verifier checks two things: the issuer \`${id.issuer}\` and the identity, matched by the regular expression below (replace ${owner} with this repository; it admits only the \`${ctx.defaultBranch}\` branch and \`v*\` tags).`,
    },
    { kind: 'code', lang: 'text', lines: [id.identityRegexp] },
  ];
}

function keyBlocks(ctx: ReleaseContext): MarkdownBlock[] {
  const ciName = ctx.ci === 'jenkins' ? 'Jenkins credentials' : 'a CircleCI context';
  return [
    {
      kind: 'paragraph',
      text: `**Key pair**: ${ctx.ci === 'jenkins' ? 'Jenkins' : 'CircleCI'} has no OIDC identity that Sigstore’s public Fulcio accepts, so the pipeline signs with a Cosign key. Create it once; the private key and its password go into ${ciName} (names in the pipeline section above), the public key is committed so anyone can verify.`,
    },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        'cosign generate-key-pair          # asks for a password; writes cosign.key and cosign.pub',
        'git add cosign.pub                # public: commit it next to the Dockerfile',
        'rm cosign.key                     # after storing it (and its password) as CI secrets; never commit it',
      ],
    },
    {
      kind: 'list',
      items: [
        'Rotation: generate a new pair, update the CI secrets and `cosign.pub`, and keep the old public key around until every image signed with it is retired.',
        'A key in a cloud KMS (`cosign generate-key-pair --kms awskms://…`, `gcpkms://…`, `azurekms://…`, `hashivault://…`) keeps the private key out of the CI entirely; sign with `--key <kms-uri>`.',
      ],
    },
  ];
}

function readme(ctx: ReleaseContext): MarkdownBlock[] {
  const keyless = keylessIdentity(ctx) !== null;
  const flags = cosignIdentityFlags(ctx);
  return [
    { kind: 'heading', level: 2, text: 'Signing and verification' },
    {
      kind: 'paragraph',
      text: `After the scan passes and the image is pushed (default branch and \`v*\` tags only), the pipeline signs the image **digest** (\`${imageForDocs(ctx)}@sha256:…\`) with Cosign — never a tag: a tag can later point at other content, a digest cannot. For a multi-platform image the digest is the image index, which covers every platform.`,
    },
    ...(keyless ? keylessBlocks(ctx) : keyBlocks(ctx)),
    { kind: 'heading', level: 3, text: 'Verify a pushed image' },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        `IMAGE=${imageForDocs(ctx)}`,
        '# Resolve a tag to its digest once, then verify and deploy that digest',
        `DIGEST=$(docker buildx imagetools inspect "$IMAGE:1.2.3" | awk '/^Digest:/ { print $2; exit }')`,
        cosignVerifyCommand(ctx, '"$IMAGE@$DIGEST"'),
        `cosign verify-attestation --type cyclonedx ${flags} "$IMAGE@$DIGEST" > /dev/null`,
      ],
    },
    {
      kind: 'list',
      items: [
        'The pipeline installs **Cosign v3** (sigstore/cosign-installer v4, or the pinned cosign image). Cosign v3 writes signatures and attestations in the Sigstore bundle format and can store them as OCI 1.1 referrers; verify with Cosign v3 too, older v2 releases may not find them.',
        'A successful `cosign verify` prints the verified payload as JSON; anything else (no signature, another identity, a tampered image) exits non-zero.',
        ...(keyless
          ? [
              'Signatures of private images are still logged in the public Rekor log (image name and digest, not the contents). If that is not acceptable, run your own Sigstore instance or switch to a KMS key.',
            ]
          : []),
      ],
    },
    { kind: 'heading', level: 3, text: 'Enforce at admission' },
    {
      kind: 'paragraph',
      text: ctx.paths.cosignPolicy
        ? `\`${ctx.paths.cosignPolicy}\` holds two Sigstore policy-controller \`ClusterImagePolicy\` resources for this image: one requires the signature above, the other a signed SLSA v1 provenance attestation from the same signer. Both must pass (policy-controller ANDs matching policies and ORs the authorities inside one). Start with \`mode: warn\` in a staging cluster, then \`enforce\`.`
        : 'Verification only helps if the cluster refuses what fails it. Install an admission controller — Sigstore policy-controller (`ClusterImagePolicy`) or Kyverno (`verifyImages`) — that requires this signature for this repository (tier 4 generates the policy).',
    },
    {
      kind: 'list',
      items: [
        'Require the signer identity (issuer + identity, or the public key), not just “some signature”.',
        'Deploy by digest (`image@sha256:…`); policy-controller also resolves tags to digests at admission.',
        'Scope the policy to this repository’s images, and keep a separate, explicit policy for third-party images (e.g. the databases in compose.yaml) instead of exempting them silently.',
      ],
    },
  ];
}

function decisions(ctx: ReleaseContext): Decision[] {
  const out: Decision[] = [
    {
      topic: 'signed reference',
      choice: 'the pushed digest (image index), never a tag',
      reason:
        'tags are mutable; a signature on the digest covers exactly the bytes that were scanned and pushed',
    },
  ];
  if (ctx.paths.cosignPolicy) {
    out.push({
      topic: 'admission policy',
      choice:
        'Sigstore policy-controller: two ClusterImagePolicies (signature; SLSA v1 provenance attestation)',
      reason:
        'policy-controller admits an image when every matching policy passes but any one authority of a policy suffices, so “signature and provenance” needs two policies',
    });
  }
  return out;
}

export function signing(ctx: ReleaseContext): ReleaseOutput {
  const policy: PlannedFile | null = admissionPolicy(ctx);
  return { files: policy ? [policy] : [], readme: readme(ctx), decisions: decisions(ctx) };
}
