# The stand-in `pulumi` process (sourced by the `pulumi` that standin.ts puts first on PATH, which sets
# DOCKYARD_STANDIN_PORT): a real process the Automation API spawns, reads and signals as it would the real CLI,
# relaying to the scripted stand-in in the test process (fake-pulumi.js). bash builtins only (no fork): a few ms
# of CPU to start, where a Node process costs ~0.1 s. Records are NUL-terminated, tagged by their first byte.
#   to the stand-in:   p<pid> c<cwd> e<NAME>=<value>... a<arg>... .   later: T (SIGINT trapped), s (a SIGINT)
#   from the stand-in: 1<stdout text> 2<stderr text> t (trap SIGINT from now on) x<exit code>
exec 3<>"/dev/tcp/127.0.0.1/${DOCKYARD_STANDIN_PORT}" || { echo "stand-in pulumi: no stand-in listening on port ${DOCKYARD_STANDIN_PORT}" >&2; exit 99; }
cd -P . || exit 99
{
  printf 'p%s\0c%s\0' "$$" "$PWD"
  for name in PULUMI_AUTOMATION_API PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE PULUMI_DEBUG_COMMANDS PULUMI_SKIP_UPDATE_CHECK; do
    [ -n "${!name+set}" ] && printf 'e%s=%s\0' "$name" "${!name}"
  done
  for arg in "$@"; do printf 'a%s\0' "$arg"; done
  printf '.\0'
} >&3
# Until the stand-in sends `t`, SIGINT has its default effect (the process dies), as for a CLI that has not
# installed its handler yet.
while IFS= read -r -d '' record <&3; do
  case "${record:0:1}" in
    1) printf '%s' "${record:1}" ;;
    2) printf '%s' "${record:1}" >&2 ;;
    t) trap 'printf "s\0" >&3' INT && printf 'T\0' >&3 ;;
    x) exit "${record:1}" ;;
  esac
done
echo "stand-in pulumi: the stand-in closed the connection without an exit code" >&2
exit 99
