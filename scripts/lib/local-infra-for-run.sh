# Sourced by scripts that need the local infrastructure for one run (npm test, npm run bench):
# brings up what is not running yet and, on exit, stops only what it started.
infra_started=()
for infra_component in postgres kafka jaeger; do
  if ! bash infra/local/infra.sh is-running "$infra_component"; then infra_started+=("$infra_component"); fi
done
stop_infra_started() {
  if ((${#infra_started[@]} > 0)); then bash infra/local/infra.sh down "${infra_started[@]}"; fi
}
trap stop_infra_started EXIT
bash infra/local/infra.sh up
