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
