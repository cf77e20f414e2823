// SPDX-License-Identifier: Apache-2.0
#include "localrun/packagenames.h"

#include <QHash>
#include <QRegularExpression>

namespace workbench::models::localrun {

namespace {

struct PythonName {
    const char *importName;
    const char *debian;
};

/// Normalised distribution name -> import name and Debian package, where they are not the rule.
const QHash<QString, PythonName> &pythonTable()
{
    static const QHash<QString, PythonName> table{
        {QStringLiteral("pyyaml"), {"yaml", "python3-yaml"}},
        {QStringLiteral("pillow"), {"PIL", "python3-pil"}},
        {QStringLiteral("beautifulsoup4"), {"bs4", "python3-bs4"}},
        {QStringLiteral("scikit-learn"), {"sklearn", "python3-sklearn"}},
        {QStringLiteral("opencv-python"), {"cv2", "python3-opencv"}},
        {QStringLiteral("opencv-python-headless"), {"cv2", "python3-opencv"}},
        {QStringLiteral("python-dateutil"), {"dateutil", "python3-dateutil"}},
        {QStringLiteral("pyjwt"), {"jwt", "python3-jwt"}},
        {QStringLiteral("psycopg2-binary"), {"psycopg2", "python3-psycopg2"}},
        {QStringLiteral("protobuf"), {"google.protobuf", "python3-protobuf"}},
        {QStringLiteral("pycryptodome"), {"Crypto", "python3-pycryptodome"}},
        {QStringLiteral("pycryptodomex"), {"Cryptodome", "python3-pycryptodome"}},
        {QStringLiteral("python-dotenv"), {"dotenv", "python3-dotenv"}},
        {QStringLiteral("pyopenssl"), {"OpenSSL", "python3-openssl"}},
        {QStringLiteral("pyzmq"), {"zmq", "python3-zmq"}},
        {QStringLiteral("grpcio"), {"grpc", "python3-grpcio"}},
        {QStringLiteral("pyserial"), {"serial", "python3-serial"}},
        {QStringLiteral("websocket-client"), {"websocket", "python3-websocket"}},
        {QStringLiteral("attrs"), {"attr", "python3-attr"}},
        {QStringLiteral("msgpack-python"), {"msgpack", "python3-msgpack"}},
    };
    return table;
}

}  // namespace

QString normalizedDistributionName(const QString &name)
{
    static const QRegularExpression runs(QStringLiteral("[-_.]+"));
    return name.toLower().replace(runs, QStringLiteral("-"));
}

QString importNameFor(const QString &distribution)
{
    const QString n = normalizedDistributionName(distribution);
    const auto it = pythonTable().constFind(n);
    if (it != pythonTable().cend())
        return QString::fromLatin1(it->importName);
    return QString(n).replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString debianPackageForDistribution(const QString &distribution)
{
    const QString n = normalizedDistributionName(distribution);
    const auto it = pythonTable().constFind(n);
    if (it != pythonTable().cend())
        return QString::fromLatin1(it->debian);
    return QStringLiteral("python3-") + n;
}

QString debianPackageForExecutable(const QString &name)
{
    static const QHash<QString, QString> table{
        {QStringLiteral("redis-server"), QStringLiteral("redis-server")},
        {QStringLiteral("redis-cli"), QStringLiteral("redis-tools")},
        {QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")},
        {QStringLiteral("python3"), QStringLiteral("python3")},
        {QStringLiteral("python"), QStringLiteral("python3")},
        {QStringLiteral("java"), QStringLiteral("default-jre-headless")},
        {QStringLiteral("javac"), QStringLiteral("default-jdk-headless")},
        {QStringLiteral("node"), QStringLiteral("nodejs")},
        {QStringLiteral("nginx"), QStringLiteral("nginx")},
        {QStringLiteral("memcached"), QStringLiteral("memcached")},
        {QStringLiteral("mariadbd"), QStringLiteral("mariadb-server")},
        {QStringLiteral("mysqld"), QStringLiteral("mariadb-server")},
        {QStringLiteral("postgres"), QStringLiteral("postgresql")},
        {QStringLiteral("haproxy"), QStringLiteral("haproxy")},
        {QStringLiteral("gunicorn"), QStringLiteral("gunicorn")},
        {QStringLiteral("uvicorn"), QStringLiteral("uvicorn")},
        {QStringLiteral("bwrap"), QStringLiteral("bubblewrap")},
        {QStringLiteral("curl"), QStringLiteral("curl")},
        {QStringLiteral("busybox"), QStringLiteral("busybox")},
        {QStringLiteral("sh"), QStringLiteral("dash")},
        {QStringLiteral("bash"), QStringLiteral("bash")},
    };
    return table.value(name);
}

Requirements parseRequirements(const QString &text)
{
    Requirements out;
    static const QRegularExpression nameRe(QStringLiteral("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(.*)$"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    QString pending;
    int pendingLine = 0;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (pending.isEmpty())
            pendingLine = i + 1;
        // A comment starts at `#` at the beginning or after a blank.
        for (qsizetype k = 0; k < line.size(); ++k)
            if (line.at(k) == QLatin1Char('#') && (k == 0 || line.at(k - 1).isSpace())) {
                line.truncate(k);
                break;
            }
        if (line.endsWith(QLatin1Char('\\'))) {
            pending += line.chopped(1);
            continue;
        }
        const QString full = QString(pending + line).trimmed();
        pending.clear();
        if (full.isEmpty())
            continue;
        const bool url = full.contains(QLatin1String("://")) || full.contains(QLatin1String(" @ "));
        if (full.startsWith(QLatin1Char('-')) || full.startsWith(QLatin1Char('.')) ||
            full.startsWith(QLatin1Char('/')) || url) {
            out.skipped << QStringLiteral("line %1: %2").arg(pendingLine).arg(full);
            continue;
        }
        const QRegularExpressionMatch m = nameRe.match(full);
        const QString rest = m.hasMatch() ? m.captured(2) : QString();
        // After the name only extras, a version specifier or a marker may follow.
        if (!m.hasMatch() || (!rest.isEmpty() && !QStringLiteral("[=<>!~;").contains(rest.at(0)))) {
            out.skipped << QStringLiteral("line %1: %2").arg(pendingLine).arg(full);
            continue;
        }
        Requirement r;
        r.name = m.captured(1);
        r.importName = importNameFor(r.name);
        r.debianPackage = debianPackageForDistribution(r.name);
        r.line = pendingLine;
        out.requirements << r;
    }
    return out;
}

}  // namespace workbench::models::localrun
