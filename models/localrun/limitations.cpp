// SPDX-License-Identifier: Apache-2.0
#include "localrun/limitations.h"

namespace workbench::models::localrun {

QList<LocalRunLimitation> localRunLimitations()
{
    return {
        {QStringLiteral("No enclave"),
         QStringLiteral("The services run natively, without SGX: their memory, files and secrets are open to this "
                        "machine's administrator and to the user who runs them.")},
        {QStringLiteral("No attestation"),
         QStringLiteral("Nothing is measured or attested: a wrong MRENCLAVE or MRSIGNER, a missing or excessive "
                        "`tolerate`, `ignore_advisories` or platform restriction only shows on an SGX machine "
                        "against the CAS.")},
        {QStringLiteral("No CAS"),
         QStringLiteral("No session is uploaded: CAS access policies (read, update, create_sessions), namespace "
                        "permissions, predecessor hashes and the CAS's own check of exports and imports are not "
                        "exercised. A session still sees only the secrets it defines or imports.")},
        {QStringLiteral("Preview certificates"),
         QStringLiteral("Keys, certificates and ascii/binary values are made by the workbench for this run (the "
                        "Certificates area's preview). The CAS generates its own at run time, and regenerates x509 "
                        "secrets whenever a policy update is uploaded.")},
        {QStringLiteral("No SCONE runtime"),
         QStringLiteral("No file-system shield (fspf, encrypted `dirs` and volumes), no SCONE_* settings (heap, "
                        "log level, production or debug mode) and none of the runtime's system-call behaviour.")},
        {QStringLiteral("No image"),
         QStringLiteral("The image is not built: no base image, no `run` steps, no pip install. This machine's "
                        "interpreter and Debian's module versions run the code (e.g. Flask 2.2 where the "
                        "requirements pin 2.3), and sconify_image services use this machine's executable.")},
        {QStringLiteral("No Kubernetes"),
         QStringLiteral("No pods, Kubernetes services, cluster DNS, helm chart, resource limits or restarts; init "
                        "containers are emulated by waiting for the port. Names resolve through the sandbox's "
                        "/etc/hosts to loopback addresses.")},
        {QStringLiteral("Shared network"),
         QStringLiteral("The sandbox shares this machine's network: the services can reach, and be reached from, "
                        "anything this machine can, and two services on one port clash. The sandbox keeps the "
                        "injection files out of the real file system; it is not a security boundary.")},
    };
}

}  // namespace workbench::models::localrun
