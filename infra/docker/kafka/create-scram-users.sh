#!/usr/bin/env bash
# Compose's kafka-users one-shot: one SCRAM-SHA-512 user per deployable (kafkaPrincipalOf() in
# libs/contracts; the list is written by `npm run services:lists` from services/*/service.json and
# e2e/test/compose-file.e2e-spec.ts checks it), password = name, for local use only. Setting a credential again replaces it, so the job is safe to run on every `up`.
# infra/local/lib/kafka.sh does the same natively.
set -euo pipefail
for user in saga-order saga-inventory saga-payment saga-fulfilment saga-console; do
  /opt/kafka/bin/kafka-configs.sh --bootstrap-server "${KAFKA_BOOTSTRAP:-kafka:9092}" \
    --command-config /etc/saga-kafka/admin.properties \
    --alter --add-config "SCRAM-SHA-512=[iterations=4096,password=$user]" \
    --entity-type users --entity-name "$user"
done
