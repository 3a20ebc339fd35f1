import type { CommandSpec, OptionSpec } from './command.js';
import type { Output } from './io.js';

export const globalOptions: Readonly<Record<string, OptionSpec>> = {
  format: { type: 'string', short: 'f', valueName: 'name', description: 'Output format' },
  'no-color': { type: 'boolean', description: 'Disable colours (also: NO_COLOR=1)' },
  color: { type: 'boolean', description: 'Force colours even when not on a terminal' },
  debug: { type: 'boolean', description: 'Show debugging detail and stack traces' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
  version: { type: 'boolean', short: 'V', description: 'Print the version' },
};

function optionLines(options: Readonly<Record<string, OptionSpec>>, out: Output): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    const choices = spec.choices ? ` [${spec.choices.join('|')}]` : '';
    return [flag, `${spec.description}${choices}`] as const;
  });
  const width = Math.max(0, ...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${out.color.cyan(flag.padEnd(width))}  ${text}`);
}

export function renderMainHelp(commands: readonly CommandSpec[], version: string, out: Output): string {
  const c = out.color;
  const width = Math.max(...commands.map((cmd) => cmd.name.length));
  const lines = [
    `${c.bold('dockwright')} ${version} — make Docker setups production-ready`,
    '',
    `${c.bold('Usage:')} dockwright <command> [options]`,
    '',
    c.bold('Commands:'),
    ...commands.map((cmd) => {
      const alias = cmd.aliases?.length ? c.dim(` (alias: ${cmd.aliases.join(', ')})`) : '';
      const pending = cmd.pending ? c.dim(' [not yet available]') : '';
      return `  ${c.cyan(cmd.name.padEnd(width))}  ${cmd.summary}${alias}${pending}`;
    }),
    '',
    c.bold('Global options:'),
    ...optionLines(globalOptions, out),
    '',
    `Run ${c.cyan('dockwright <command> --help')} for a command's options.`,
    'Exit codes: 0 ok, 1 findings at or above the failure threshold, 2 usage or input error.',
  ];
  return lines.join('\n');
}

export function renderCommandHelp(cmd: CommandSpec, out: Output): string {
  const c = out.color;
  const format: OptionSpec = {
    ...globalOptions.format!,
    choices: cmd.formats,
    description: `Output format (default: ${cmd.formats[0]})`,
  };
  const { format: _f, ...otherGlobals } = globalOptions;
  const lines = [
    `${c.bold('Usage:')} ${cmd.usage}`,
    '',
    cmd.summary + (cmd.aliases?.length ? c.dim(` (alias: ${cmd.aliases.join(', ')})`) : ''),
  ];
  if (cmd.description) lines.push('', cmd.description);
  if (cmd.pending) lines.push('', c.yellow(`Not yet available: tracked in ${cmd.pending}.`));
  if (Object.keys(cmd.options).length) lines.push('', c.bold('Options:'), ...optionLines(cmd.options, out));
  lines.push('', c.bold('Global options:'), ...optionLines({ format, ...otherGlobals }, out));
  if (cmd.examples?.length) lines.push('', c.bold('Examples:'), ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
