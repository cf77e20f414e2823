// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::localrun {

/// One requirement of a pip requirements file.
struct Requirement {
    QString name;           ///< distribution name as written (`Flask`, `PyYAML`)
    QString importName;     ///< the module to import to check it (`flask`, `yaml`)
    QString debianPackage;  ///< the Debian package that provides it (`python3-flask`, `python3-yaml`)
    int line = 0;           ///< 1-based line in the file
};

struct Requirements {
    QList<Requirement> requirements;
    /// Lines that name no distribution the local run can check (`-r other.txt`, `-e .`, URLs,
    /// paths), with their line numbers: reported as notes.
    QStringList skipped;
};

/// Parses a pip requirements file: one requirement per line, `#` comments, `\` continuations;
/// version specifiers (`==2.3.3`), extras (`[async]`) and environment markers (`; python_version
/// < "3.9"`) are dropped (the machine's versions are used as they are). Option lines (`-r`, `-e`,
/// `--index-url`), URLs and paths are skipped.
Requirements parseRequirements(const QString &text);

/// PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become one `-`.
QString normalizedDistributionName(const QString &name);

/// The module to import for distribution @p name: a table of the common cases whose import name
/// differs (PyYAML → yaml, Pillow → PIL, beautifulsoup4 → bs4, scikit-learn → sklearn,
/// opencv-python → cv2, python-dateutil → dateutil, PyJWT → jwt, psycopg2-binary → psycopg2,
/// protobuf → google.protobuf, pycryptodome → Crypto, python-dotenv → dotenv, pyOpenSSL →
/// OpenSSL, pyzmq → zmq, grpcio → grpc, pyserial → serial, websocket-client → websocket,
/// attrs → attr); otherwise the normalised name with `-` → `_` (flask → flask, redis → redis,
/// Flask-Cors → flask_cors).
QString importNameFor(const QString &distribution);

/// The Debian package of Python distribution @p name: a table where Debian's name is not the
/// rule (PyYAML → python3-yaml, Pillow → python3-pil, beautifulsoup4 → python3-bs4, ...),
/// otherwise `python3-` + the normalised name (flask → python3-flask, redis → python3-redis).
QString debianPackageForDistribution(const QString &distribution);

/// The Debian package that provides the executable @p name (`redis-server` → redis-server,
/// `redis-cli` → redis-tools, `java` → default-jre-headless, `python3` → python3, `node` →
/// nodejs, `nginx`, `memcached`, `mariadbd`/`mysqld` → mariadb-server, `postgres` → postgresql,
/// `bwrap` → bubblewrap, ...). Empty when unknown.
QString debianPackageForExecutable(const QString &name);

}  // namespace workbench::models::localrun
