#!/usr/bin/env bash
# Compose's kafka-users one-shot: one SCRAM-SHA-512 user per service (kafkaPrincipalOf() in
# libs/contracts; e2e/test/compose-file.e2e-spec.ts checks the list), password = name, for local
# use only. Setting a credential again replaces it, so the job is safe to run on every `up`.
# infra/local/lib/kafka.sh does the same natively.
set -euo pipefail
for user in saga-order saga-inventory saga-payment saga-fulfilment saga-console; do
  /opt/kafka/bin/kafka-configs.sh --bootstrap-server "${KAFKA_BOOTSTRAP:-kafka:9092}" \
    --command-config /etc/saga-kafka/admin.properties \
    --alter --add-config "SCRAM-SHA-512=[iterations=4096,password=$user]" \
    --entity-type users --entity-name "$user"
done
