#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Patient records REST API of the secure-doc-management example.

Runs inside an SGX enclave. Its TLS material is injected by the CAS after
attestation (see service.yaml, injection_files):

  /tls/flask.crt, /tls/flask.key   HTTPS identity of the API (issued by api_ca_cert)
  /tls/client.crt, /tls/client.key client identity towards Redis (issued by redis_ca_cert)
  /tls/redis-ca.crt                CA that issued the Redis server certificate

Endpoints:
  POST /patient/<id>   store a patient record (JSON body)
  GET  /patient/<id>   read it back
  GET  /score/<id>     a deterministic risk score computed from the record
"""
import hashlib
import json
import os

import redis
from flask import Flask, abort, jsonify, request

app = Flask(__name__)

# REDIS_HOST and REDIS_PORT come from the session's environment (mesh env). The server's
# certificate must name REDIS_HOST: a certificate without that name is refused.
db = redis.Redis(
    host=os.environ.get("REDIS_HOST", "redis"),
    port=int(os.environ.get("REDIS_PORT", "6379")),
    ssl=True,
    ssl_certfile="/tls/client.crt",
    ssl_keyfile="/tls/client.key",
    ssl_ca_certs="/tls/redis-ca.crt",
    ssl_cert_reqs="required",
    ssl_check_hostname=True,
)

FIELDS = ("fname", "lname", "address", "city", "state", "ssn", "email", "dob", "contactphone", "drugs")


def _key(patient_id: str) -> str:
    return f"patient:{patient_id}"


@app.route("/patient/<patient_id>", methods=["POST"])
def create_patient(patient_id):
    record = request.get_json(silent=True)
    if record is None:
        record = request.form.to_dict()
    if not record:
        abort(400, description="expected a JSON object or form fields")
    unknown = set(record) - set(FIELDS)
    if unknown:
        abort(400, description=f"unknown fields: {', '.join(sorted(unknown))}")
    record["id"] = patient_id
    db.set(_key(patient_id), json.dumps(record))
    return jsonify(record), 201


@app.route("/patient/<patient_id>", methods=["GET"])
def get_patient(patient_id):
    raw = db.get(_key(patient_id))
    if raw is None:
        abort(404, description=f"no patient {patient_id}")
    return jsonify(json.loads(raw))


@app.route("/score/<patient_id>", methods=["GET"])
def get_score(patient_id):
    raw = db.get(_key(patient_id))
    if raw is None:
        abort(404, description=f"no patient {patient_id}")
    digest = hashlib.sha256(raw).digest()
    return jsonify({"id": patient_id, "score": int.from_bytes(digest[:2], "big") / 65535.0})


if __name__ == "__main__":
    # APP_SERVICE_PORT is the port the chart's Kubernetes service routes to (mesh env).
    port = int(os.environ.get("APP_SERVICE_PORT", "4996"))
    app.run(host="0.0.0.0", port=port, ssl_context=("/tls/flask.crt", "/tls/flask.key"))
