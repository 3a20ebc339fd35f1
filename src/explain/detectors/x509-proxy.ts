import { locateStep } from '../project.js';
import type { Detector, Finding, NormalizedLog, ProjectInfo } from '../types.js';
import { finding, rangesOf, stepErrorLine } from '../util.js';

const UNKNOWN_CA =
  /x509: certificate signed by unknown authority|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to get local issuer certificate|self[- ]signed certificate in certificate chain|CERTIFICATE_VERIFY_FAILED|Certificate verification failed: The certificate is NOT trusted|server certificate verification failed|PKIX path building failed|x509: certificate is not trusted|SSL certificate problem/;
const MISMATCH = /x509: certificate is valid for ([^,]+?)(?:,.*)?, not (\S+)/;
const EXPIRED = /x509: certificate has expired|certificate has expired|CERT_HAS_EXPIRED/;

const TOOLS: readonly [RegExp, string][] = [
  [/npm|yarn|pnpm|node/i, 'NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/proxy.crt'],
  [/pip|python|requests|urllib/i, 'PIP_CERT / REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt'],
  [/mvn|maven|gradle|PKIX|java/i, 'import the CA into the JVM trust store (keytool -importcert -cacerts)'],
  [/cargo|rustup/i, 'CARGO_HTTP_CAINFO=/etc/ssl/certs/ca-certificates.crt'],
  [/\bgit\b/i, 'GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt'],
];

export const x509Proxy: Detector = {
  situation: 'x509-proxy',
  title: 'TLS certificate error (proxy CA)',
  docs: 'https://docs.docker.com/engine/network/ca-certs/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const line = log.lines.find(
      (l) => !l.redraw && (UNKNOWN_CA.test(l.body) || MISMATCH.test(l.body) || EXPIRED.test(l.body)),
    );
    if (!line) return [];
    const mismatch = MISMATCH.exec(line.body);
    const expired = EXPIRED.test(line.body);
    const daemon =
      !line.step &&
      /Error response from daemon|failed to resolve source metadata|pulling|registry|\/v2\//i.test(line.body);
    const host =
      /https?:\/\/([\w.-]+)/.exec(line.body)?.[1] ??
      /(?:Get|Head) "https?:\/\/([\w.-]+)/.exec(line.body)?.[1];
    const context = `${line.step?.instruction ?? ''} ${line.body}`;
    const toolHint = TOOLS.find(([re]) => re.test(context))?.[1];
    const cause = mismatch
      ? 'hostname-mismatch'
      : expired
        ? 'expired'
        : daemon
          ? 'registry-unknown-authority'
          : 'build-unknown-authority';
    const fix = mismatch
      ? `The server presented a certificate for ${mismatch[1]}, not ${mismatch[2]}: a proxy intercepting TLS, or the wrong host name. Use the name the certificate is issued for, or fix the proxy/registry certificate; do not disable verification.`
      : expired
        ? 'A certificate in the chain has expired (or the clock in the build is wrong). Renew the server/proxy certificate; update ca-certificates in the image if an old root expired.'
        : daemon
          ? `The Docker daemon does not trust the TLS-intercepting proxy or the registry's CA. Install the CA for the daemon (\`/etc/docker/certs.d/${host ?? '<registry>'}/ca.crt\`, or the host trust store followed by restarting dockerd). Do not use insecure-registries to work around it.`
          : `A tool inside the build does not trust the CA of a TLS-intercepting proxy. Add the proxy CA to the image's trust store without baking secrets: \`RUN --mount=type=secret,id=proxy-ca,target=/usr/local/share/ca-certificates/proxy.crt update-ca-certificates\` (or COPY the CA and run update-ca-certificates in a build stage)${toolHint ? `, and point the tool at it (${toolHint})` : ''}. Never turn verification off (strict-ssl false, --trusted-host, -k).`;
    return [
      finding(this, {
        cause,
        title: mismatch
          ? `TLS certificate is for ${mismatch[1]}, not ${mismatch[2]}`
          : expired
            ? 'TLS certificate expired'
            : `TLS certificate not trusted${host ? ` (${host})` : ''}${daemon ? ' by the Docker daemon' : line.step ? ' inside the build' : ''}`,
        confidence: 'high',
        evidence: rangesOf([line, stepErrorLine(log, line.step)]),
        fix,
        step: line.step,
        locations: locateStep(log, project, line.step, line.line),
        details: host ? { host } : {},
      }),
    ];
  },
};
