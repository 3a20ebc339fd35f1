import { describe, expect, it } from 'vitest';
import { heredocsAreScripts } from '../../../src/lint/engine/linter.js';

describe('heredocsAreScripts', () => {
  it.each([
    ['<<EOF', true],
    ['<<-EOT', true],
    ["<<'EOF'", true],
    ['<<EOF <<EOT2', true],
    ['bash -ex <<EOF', true],
    ['/bin/sh <<EOF', true],
    ['bash -o pipefail <<EOF', true],
    ['cat <<EOF > /etc/apt/sources.list', false],
    ['python3 <<EOF', false],
    ['tee /x <<EOF', false],
    ['3<<EOF cat /dev/fd/3', false],
  ])('%s → %s', (command, expected) => {
    expect(heredocsAreScripts(command)).toBe(expected);
  });
});

describe('exec-form shell scripts', () => {
  it('parses RUN ["sh", "-c", "…"] so shell rules see it, with exact offsets', async () => {
    const { lintDockerfile } = await import('../../../src/lint/engine/linter.js');
    const { default: rule } = await import('../../../src/lint/rules/dockerfile/apt-get-assume-yes.js');
    const text = 'FROM debian:12\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install curl"]\n';
    const result = lintDockerfile(text, {
      path: 'Dockerfile',
      rules: [{ rule, severity: 'warning', options: {} }],
    });
    const [finding] = result.diagnostics.filter((d) => d.code === 'apt-get-assume-yes');
    expect(finding).toBeDefined();
    expect(text.slice(finding!.range.start, finding!.range.start + 'apt-get install'.length)).toBe(
      'apt-get install',
    );
  });

  it('leaves other exec forms alone', async () => {
    const { lintDockerfile } = await import('../../../src/lint/engine/linter.js');
    const { default: rule } = await import('../../../src/lint/rules/dockerfile/apt-get-assume-yes.js');
    const text = 'FROM debian:12\nRUN ["apt-get", "install", "curl"]\n';
    const result = lintDockerfile(text, {
      path: 'Dockerfile',
      rules: [{ rule, severity: 'warning', options: {} }],
    });
    expect(result.diagnostics.filter((d) => d.code === 'apt-get-assume-yes')).toEqual([]);
  });
});
