/**
 * What the command helpers know about common tools: which options take a
 * separate value (so `apt-get -o X install` finds `install` as the subcommand
 * and `X` is not a package), and which commands merely wrap another command.
 *
 * Only flags whose value may be given as the *next* argument matter here:
 * `--flag=value` and attached short values (`-ofile`) are handled generically.
 * Unknown long flags are treated as booleans; extend the tables as rules need.
 */

export interface ToolSpec {
  /** Options that take a value, e.g. `-o`, `--target-release`. */
  readonly valueFlags: ReadonlySet<string>;
  /** Single-dash words are whole options (`find -name`, `java -jar`), not clusters of letters. */
  readonly longSingleDash?: boolean;
}

function spec(flags: string, longSingleDash = false): ToolSpec {
  return { valueFlags: new Set(flags.split(/\s+/).filter(Boolean)), longSingleDash };
}

const APT = spec(
  '-o --option -c --config-file -t --target-release --default-release -a --host-architecture -P',
);
const PIP = spec(
  `-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url -f --find-links
   -t --target --prefix --root --src --trusted-host --platform --python-version --implementation --abi
   --cache-dir --log --proxy --retries --timeout --cert --client-cert --progress-bar --only-binary
   --no-binary --upgrade-strategy --python --global-option --config-settings -C --report --exists-action`,
);
const CURL = spec(
  `-o --output -H --header -d --data --data-raw --data-binary --data-urlencode -u --user -X --request
   -A --user-agent -e --referer -w --write-out -m --max-time --connect-timeout --retry --retry-delay
   --retry-max-time -T --upload-file -F --form -x --proxy -b --cookie -c --cookie-jar -E --cert
   --cacert --capath --key --resolve --url -r --range -z --time-cond --limit-rate -K --config
   --output-dir --proto --proto-redir -C --continue-at --max-filesize --interface --dns-servers`,
);
const WGET = spec(
  `-O --output-document -o --output-file -a --append-output -P --directory-prefix -t --tries -T --timeout
   -U --user-agent --header --user --password --http-user --http-password --ca-certificate
   --ca-directory --certificate --private-key -e --execute -i --input-file -w --wait -Q --quota
   --post-data --post-file --limit-rate -B --base --load-cookies --save-cookies --progress`,
);
const TAR = spec(
  `-f --file -C --directory -T --files-from -X --exclude-from -b --blocking-factor -I --use-compress-program
   -H --format -g --listed-incremental -V --label -K --starting-file -N --newer --owner --group --mode --mtime`,
);
const USERADD = spec(
  '-u --uid -g --gid -G --groups -d --home -s --shell -c --comment -k --skel -e --expiredate -f --inactive -K --key -p --password -R --root -P --prefix -b --base-dir -Z --selinux-user',
);
const GROUPADD = spec('-g --gid -K --key -p --password -R --root -P --prefix');
// Debian adduser/addgroup and busybox adduser/addgroup share a namespace; union of both.
const ADDUSER = spec(
  '--home --shell --uid --gid --ingroup --gecos --firstuid --lastuid --comment --conf -h -s -u -G -g -k',
);
const SHELL = spec('-o +o -O +O --rcfile --init-file');
const SUDO = spec(
  '-u --user -g --group -h --host -p --prompt -C --close-from -D --chdir -r --role -t --type -U --other-user -T --command-timeout',
);

export const TOOL_SPECS: ReadonlyMap<string, ToolSpec> = new Map<string, ToolSpec>([
  ['apt-get', APT],
  ['apt', APT],
  ['apt-cache', APT],
  ['aptitude', spec('-o -t --target-release -F --display-format -w --width')],
  ['dpkg', spec('--admindir --root --instdir -D --debug --force -R --recursive')],
  [
    'apk',
    spec(
      '-X --repository -t --virtual -p --root --arch --cache-dir --keys-dir --repositories-file --cache-max-age --timeout',
    ),
  ],
  ['pip', PIP],
  ['pip3', PIP],
  ['pipx', spec('--python --pip-args --index-url --suffix --spec')],
  [
    'uv',
    spec(
      '-r --requirement -c --constraint -p --python --index-url --extra-index-url -i --index --target --prefix',
    ),
  ],
  ['npm', spec('--prefix -w --workspace --registry --cache --loglevel --tag --userconfig --omit --include')],
  ['pnpm', spec('-C --dir --filter -F --registry --store-dir --reporter --workspace-root')],
  ['yarn', spec('--cwd --modules-folder --cache-folder --registry --network-timeout --mutex')],
  [
    'gem',
    spec('-v --version -i --install-dir -n --bindir -s --source -P --trust-policy --platform --build-root'),
  ],
  ['bundle', spec('--gemfile --path --jobs -j --retry --without --with --binstubs --deployment-path')],
  ['curl', CURL],
  ['wget', WGET],
  ['tar', TAR],
  ['useradd', USERADD],
  ['usermod', USERADD],
  ['groupadd', GROUPADD],
  ['adduser', ADDUSER],
  ['addgroup', ADDUSER],
  [
    'git',
    spec('-C -c --git-dir --work-tree --namespace -b --branch --depth -o --origin --reference --jobs -j'),
  ],
  [
    'dnf',
    spec(
      '-c --config --repo --repoid --enablerepo --disablerepo -x --exclude --releasever --installroot --setopt --forcearch -d --debuglevel -e --errorlevel --setopt',
    ),
  ],
  [
    'yum',
    spec(
      '-c --config --enablerepo --disablerepo -x --exclude --releasever --installroot --setopt -d --debuglevel -e --errorlevel',
    ),
  ],
  ['microdnf', spec('--enablerepo --disablerepo --setopt --releasever --installroot --config')],
  ['zypper', spec('-r --repo --from -t --type --root -D --reposd-dir -C --cache-dir')],
  ['go', spec('-o -C -ldflags -gcflags -tags -mod -modfile -p -buildmode -pkgdir -overlay', true)],
  [
    'cargo',
    spec(
      '--root --version --git --branch --tag --rev --path --target --target-dir -j --jobs --features -F --profile -p --package --bin --example --manifest-path --registry --index',
    ),
  ],
  [
    'make',
    spec(
      '-C --directory -f --file --makefile -j --jobs -l --load-average -o --old-file -W --what-if -I --include-dir',
    ),
  ],
  ['sed', spec('-e --expression -f --file -l --line-length')],
  [
    'grep',
    spec(
      '-e --regexp -f --file -m --max-count -A --after-context -B --before-context -C --context --include --exclude --exclude-dir --label --color --colour',
    ),
  ],
  [
    'xargs',
    spec(
      '-I -n --max-args -P --max-procs -L --max-lines -d --delimiter -a --arg-file -E -s --max-chars --process-slot-var',
    ),
  ],
  ['sudo', SUDO],
  ['env', spec('-u --unset -C --chdir -S --split-string')],
  ['nice', spec('-n --adjustment')],
  ['timeout', spec('-s --signal -k --kill-after')],
  ['time', spec('-f --format -o --output')],
  [
    'gpg',
    spec(
      '--keyserver --recv-keys --homedir -o --output -r --recipient -u --local-user --default-key --keyring --trustdb-name --export-options --import-options --keyserver-options --status-fd --logger-fd --passphrase-fd',
    ),
  ],
  ['install', spec('-m --mode -o --owner -g --group -t --target-directory -S --suffix')],
  ['cp', spec('-t --target-directory -S --suffix')],
  ['mv', spec('-t --target-directory -S --suffix')],
  ['ln', spec('-t --target-directory -S --suffix')],
  ['mkdir', spec('-m --mode -Z --context')],
  ['chmod', spec('--reference')],
  ['chown', spec('--reference --from')],
  ['sh', SHELL],
  ['bash', SHELL],
  ['dash', SHELL],
  ['ash', SHELL],
  ['ksh', SHELL],
  ['zsh', SHELL],
  ['set', spec('-o +o')],
  ['su', spec('-c --command -s --shell -g --group -G --supp-group -w --whitelist-environment')],
  [
    'runuser',
    spec('-c --command -s --shell -g --group -G --supp-group -u --user -w --whitelist-environment'),
  ],
  [
    'find',
    spec(
      '-name -iname -path -ipath -type -maxdepth -mindepth -newer -perm -user -group -size -mtime -mmin -exec -execdir -regex -iregex -printf -fprint -wholename -samefile -links -inum',
      true,
    ),
  ],
  ['java', spec('-jar -cp -classpath --class-path -p --module-path -m --module', true)],
  ['docker-php-ext-configure', spec('')],
  ['update-alternatives', spec('--install --set --remove --altdir --admindir --log --slave')],
  ['systemctl', spec('-t --type -p --property --state -H --host -M --machine --root')],
  ['ssh-keygen', spec('-t -b -f -C -N -P -m -O -E -n -V -z -I -Z')],
  ['openssl', spec('', true)],
  ['unzip', spec('-d -x -P')],
  ['jq', spec('--arg --argjson --slurpfile --rawfile --args --jsonargs -L --indent')],
  ['gosu', spec('')],
  [
    'mvn',
    spec(
      '-f --file -s --settings -gs --global-settings -P --activate-profiles -pl --projects -T --threads -D',
      false,
    ),
  ],
  [
    'gradle',
    spec('-p --project-dir -b --build-file -c --settings-file -g --gradle-user-home -x --exclude-task -D -P'),
  ],
  [
    'dotnet',
    spec(
      '-c --configuration -o --output -r --runtime -f --framework -s --source -v --verbosity -p --property',
    ),
  ],
  ['composer', spec('-d --working-dir')],
  ['conda', spec('-n --name -p --prefix -c --channel -f --file')],
  ['helm', spec('-n --namespace -f --values --set --version --repo')],
  ['chpasswd', spec('-c --crypt-method -R --root -s --sha-rounds')],
  ['ldconfig', spec('-C -f -r')],
]);

const EMPTY: ToolSpec = { valueFlags: new Set() };

export function toolSpec(name: string | undefined): ToolSpec {
  return (name !== undefined && TOOL_SPECS.get(name)) || EMPTY;
}

/**
 * Commands stripped by `ShellCommand` so `sudo -u x apt-get install` is seen
 * as `apt-get install` (with `wrappers` recording what was stripped).
 *
 * - `valueFlags`: options of the wrapper that take a value.
 * - `positionals`: operands consumed before the wrapped command (`timeout 5 cmd`, `gosu user cmd`).
 * - `assignments`: `NAME=value` words are allowed before the command (`env`, `sudo`).
 * - `notWrapperIf`: options that turn the wrapper into a query (`command -v x`).
 */
export interface WrapperSpec {
  readonly valueFlags: ReadonlySet<string>;
  readonly positionals: number;
  readonly assignments: boolean;
  readonly notWrapperIf?: ReadonlySet<string>;
}

function wrapper(flags: string, positionals = 0, assignments = false, notWrapperIf?: string): WrapperSpec {
  const w: WrapperSpec = { valueFlags: spec(flags).valueFlags, positionals, assignments };
  return notWrapperIf ? { ...w, notWrapperIf: spec(notWrapperIf).valueFlags } : w;
}

export const WRAPPERS: ReadonlyMap<string, WrapperSpec> = new Map<string, WrapperSpec>([
  ['sudo', wrapper([...SUDO.valueFlags].join(' '), 0, true, '-l --list -v --validate -k -K -e --edit -V')],
  ['doas', wrapper('-u -C', 0, false)],
  ['env', wrapper('-u --unset -C --chdir -S --split-string', 0, true)],
  ['command', wrapper('', 0, false, '-v -V')],
  ['builtin', wrapper('')],
  ['exec', wrapper('-a')],
  ['nice', wrapper('-n --adjustment')],
  ['nohup', wrapper('')],
  ['time', wrapper('-f --format -o --output')],
  ['timeout', wrapper('-s --signal -k --kill-after', 1)],
  ['xargs', wrapper([...(TOOL_SPECS.get('xargs')?.valueFlags ?? [])].join(' '))],
  ['gosu', wrapper('', 1)],
  ['su-exec', wrapper('', 1)],
  ['chroot', wrapper('--userspec --groups', 1)],
  ['stdbuf', wrapper('-i --input -o --output -e --error')],
  ['ionice', wrapper('-c --class -n --classdata -p --pid -t')],
  ['setsid', wrapper('')],
  ['eatmydata', wrapper('')],
  ['fakeroot', wrapper('-l --lib --faked -s -i')],
  ['busybox', wrapper('')],
]);
