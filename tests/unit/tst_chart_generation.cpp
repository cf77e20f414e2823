// SPDX-License-Identifier: Apache-2.0
// The generated helm chart: YAML files parse, templates refer only to values that exist,
// named templates are defined, labels and SCONE environment are there.
#include "manifest/manifestproject.h"
#include "policy/helmchart.h"
#include "policy/policygenerator.h"
#include "testsupport.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include <yaml-cpp/yaml.h>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::policy;

namespace {

PolicyPreview render(const QString &dir)
{
    Result<ManifestProject> project = ManifestProject::loadFolder(dir);
    if (!project.ok())
        qFatal("cannot load %s", qPrintable(dir));
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults();
    o.settings.release = QStringLiteral("rel");
    o.settings.appNamespace = QStringLiteral("ns-1-1");
    o.settings.appImageRepo = QStringLiteral("repo.example.org");
    return generatePolicies(project.value(), o);
}

bool parses(const QString &text, YAML::Node *out, QString *error)
{
    try {
        *out = YAML::Load(text.toStdString());
        return true;
    } catch (const YAML::Exception &e) {
        *error = QString::fromStdString(e.what());
        return false;
    }
}

/// The template with every Go-template action removed: lines holding only an action go, inline
/// actions become a scalar. What is left must be well-formed YAML (the skeleton helm fills in).
QString skeleton(const QString &tpl)
{
    static const QRegularExpression actionOnly(QStringLiteral("^\\s*\\{\\{-?[^\\n]*?-?\\}\\}\\s*$"));
    static const QRegularExpression inlineAction(QStringLiteral("\\{\\{-?.*?-?\\}\\}"));
    QStringList out;
    for (const QString &line : tpl.split(QLatin1Char('\n'))) {
        if (actionOnly.match(line).hasMatch())
            continue;
        QString l = line;
        l.replace(inlineAction, QStringLiteral("X"));
        out << l;
    }
    return out.join(QLatin1Char('\n'));
}

bool hasPath(const YAML::Node &root, const QStringList &path)
{
    // yaml-cpp's operator[] on a non-const node inserts; walk copies of const nodes.
    std::vector<YAML::Node> cur{root};
    for (const QString &seg : path) {
        const YAML::Node &n = cur.back();
        if (!n.IsMap())
            return false;
        bool found = false;
        for (auto it = n.begin(); it != n.end(); ++it)
            if (QString::fromStdString(it->first.Scalar()) == seg) {
                cur.push_back(it->second);
                found = true;
                break;
            }
        if (!found)
            return false;
    }
    return true;
}

QStringList corpus()
{
    QStringList dirs{test::exampleDir()};
    const QDir meshes(test::dataPath(QStringLiteral("meshes")));
    for (const QString &d : meshes.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        dirs << meshes.filePath(d);
    return dirs;
}

}  // namespace

class TestChartGeneration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layout();
    void filesParseAndReferencesExist_data();
    void filesParseAndReferencesExist();
    void labelsAndSconeEnvironment();
    void extraValuesAreMerged();
    void skeletonDetectsBrokenYaml();
};

void TestChartGeneration::layout()
{
    const PolicyPreview p = render(test::exampleDir());
    QStringList paths;
    for (const ChartFile &f : p.chart.files)
        paths << f.path;
    QCOMPARE(paths,
             (QStringList{QStringLiteral("Chart.yaml"), QStringLiteral("values.yaml"),
                          QStringLiteral("charts/redis/Chart.yaml"), QStringLiteral("charts/redis/values.yaml"),
                          QStringLiteral("charts/redis/templates/_helpers.tpl"),
                          QStringLiteral("charts/redis/templates/deployment.yaml"),
                          QStringLiteral("charts/redis/templates/service.yaml"),
                          QStringLiteral("charts/flask-api/Chart.yaml"), QStringLiteral("charts/flask-api/values.yaml"),
                          QStringLiteral("charts/flask-api/templates/_helpers.tpl"),
                          QStringLiteral("charts/flask-api/templates/deployment.yaml"),
                          QStringLiteral("charts/flask-api/templates/service.yaml")}));
    for (const ChartFile &f : p.chart.files)
        QCOMPARE(f.content.lineCount(), int(f.content.text.count(QLatin1Char('\n'))));
    YAML::Node chart;
    QString error;
    QVERIFY(parses(p.chart.file(QStringLiteral("Chart.yaml"))->content.text, &chart, &error));
    QCOMPARE(QString::fromStdString(chart["apiVersion"].Scalar()), QStringLiteral("v2"));
    QCOMPARE(QString::fromStdString(chart["name"].Scalar()), QStringLiteral("rel"));
    QCOMPARE(QString::fromStdString(chart["version"].Scalar()), QStringLiteral("0.1.0"));
}

void TestChartGeneration::filesParseAndReferencesExist_data()
{
    QTest::addColumn<QString>("dir");
    for (const QString &d : corpus())
        QTest::newRow(qPrintable(QFileInfo(d).fileName())) << d;
}

void TestChartGeneration::filesParseAndReferencesExist()
{
    QFETCH(QString, dir);
    const PolicyPreview p = render(dir);
    QVERIFY(!p.chart.files.isEmpty());
    static const QRegularExpression valuesRef(QStringLiteral("\\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)"));
    static const QRegularExpression includeRef(QStringLiteral("include \"([^\"]+)\""));
    static const QRegularExpression defineRef(QStringLiteral("define \"([^\"]+)\""));
    QSet<QString> defined;
    for (const ChartFile &f : p.chart.files)
        for (auto it = defineRef.globalMatch(f.content.text); it.hasNext();)
            defined.insert(it.next().captured(1));
    int referencesChecked = 0;
    for (const ChartFile &f : p.chart.files) {
        const QString &text = f.content.text;
        YAML::Node node;
        QString error;
        if (f.path.endsWith(QLatin1String(".tpl"))) {
            QVERIFY(!text.contains(QLatin1String("@N@")));
        } else if (f.path.contains(QLatin1String("/templates/"))) {
            QVERIFY2(parses(skeleton(text), &node, &error), qPrintable(f.path + QStringLiteral(": ") + error));
        } else {
            QVERIFY2(parses(text, &node, &error), qPrintable(f.path + QStringLiteral(": ") + error));
            QVERIFY2(node.IsMap(), qPrintable(f.path));
        }
        if (!f.path.contains(QLatin1String("/templates/")))
            continue;
        // Every .Values.a.b of a template exists in its sub-chart's values.yaml.
        const QString chartDir = f.path.section(QStringLiteral("/templates/"), 0, 0);
        const ChartFile *values = p.chart.file(chartDir + QStringLiteral("/values.yaml"));
        QVERIFY(values);
        YAML::Node v;
        QVERIFY(parses(values->content.text, &v, &error));
        for (auto it = valuesRef.globalMatch(text); it.hasNext();) {
            const QString ref = it.next().captured(1).mid(1);
            QVERIFY2(hasPath(v, ref.split(QLatin1Char('.'))),
                     qPrintable(f.path + QStringLiteral(" refers to .Values.") + ref +
                                QStringLiteral(", missing in values.yaml")));
            ++referencesChecked;
        }
        for (auto it = includeRef.globalMatch(text); it.hasNext();) {
            const QString name = it.next().captured(1);
            QVERIFY2(defined.contains(name), qPrintable(f.path + QStringLiteral(" includes undefined ") + name));
        }
    }
    QVERIFY(referencesChecked > 20);
}

void TestChartGeneration::labelsAndSconeEnvironment()
{
    const PolicyPreview p = render(test::exampleDir());
    const QString helpers = p.chart.file(QStringLiteral("charts/flask-api/templates/_helpers.tpl"))->content.text;
    QVERIFY(helpers.contains(QLatin1String("app.kubernetes.io/name: {{ include \"flask-api.name\" . }}")));
    QVERIFY(helpers.contains(QLatin1String("app.kubernetes.io/instance: {{ .Release.Name }}")));
    QVERIFY(helpers.contains(QLatin1String("default .Chart.Name .Values.nameOverride")));
    const QString deployment = p.chart.file(QStringLiteral("charts/flask-api/templates/deployment.yaml"))->content.text;
    for (const char *name : {"SCONE_CONFIG_ID", "SCONE_CAS_ADDR", "SCONE_LAS_ADDR", "SCONE_LOG", "SCONE_VERSION"})
        QVERIFY2(deployment.contains(QStringLiteral("- name: ") + QLatin1String(name)), name);
    QVERIFY(deployment.contains(QLatin1String("fieldPath: status.hostIP")));
    QVERIFY(deployment.contains(QLatin1String("imagePullSecrets:")));
    QVERIFY(deployment.contains(QLatin1String("include \"flask-api.selectorLabels\" . | nindent 8")));
    YAML::Node values;
    QString error;
    QVERIFY(parses(p.chart.file(QStringLiteral("charts/flask-api/values.yaml"))->content.text, &values, &error));
    QCOMPARE(values["resources"]["limits"]["sgx.k8s.io/sgx"].as<int>(), 1);
    QCOMPARE(QString::fromStdString(values["imagePullSecrets"][0]["name"].Scalar()), QStringLiteral("sconeapps"));
    QCOMPARE(QString::fromStdString(values["scone"]["configId"].Scalar()), QStringLiteral("ns-1-1/flask-api/python3"));
    QCOMPARE(QString::fromStdString(values["scone"]["cas"].Scalar()), QStringLiteral("cas.scone-system"));
    QCOMPARE(values["initContainers"]["container1"]["enabled"].as<bool>(), true);
    QCOMPARE(QString::fromStdString(values["initContainers"]["container1"]["host"].Scalar()),
             QStringLiteral("rel-redis"));
    QCOMPARE(QString::fromStdString(values["initContainers"]["container1"]["port"].Scalar()), QStringLiteral("6379"));
    QCOMPARE(values["service"]["port"].as<int>(), 4996);
    QCOMPARE(QString::fromStdString(values["nodeSelector"]["las.scontain.com/ok"].Scalar()), QStringLiteral("true"));
    // Each sub-chart is named after its mesh service: that is the app.kubernetes.io/name label.
    YAML::Node sub;
    QVERIFY(parses(p.chart.file(QStringLiteral("charts/redis/Chart.yaml"))->content.text, &sub, &error));
    QCOMPARE(QString::fromStdString(sub["name"].Scalar()), QStringLiteral("redis"));
}

void TestChartGeneration::extraValuesAreMerged()
{
    ManifestProject project;
    project.setText(QStringLiteral("mesh.yaml"), QByteArray(R"(apiVersion: scone/5.8
kind: mesh
cas:
  - name: cas
    cas_url: cas.example.org
policy:
  namespace: x-1-1
env: []
services:
  - name: db
    image: repo/db:1
helm_extra_values:
  db:
    persistence:
      enabled: true
      size: 2Gi
  nope:
    a: b
)"));
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults();
    const PolicyPreview p = generatePolicies(project, o);
    const QString values = p.chart.file(QStringLiteral("values.yaml"))->content.text;
    YAML::Node v;
    QString error;
    QVERIFY2(parses(values, &v, &error), qPrintable(error + values));
    QCOMPARE(QString::fromStdString(v["db"]["persistence"]["size"].Scalar()), QStringLiteral("2Gi"));
    QCOMPARE(v["db"]["persistence"]["enabled"].as<bool>(), true);
    bool warned = false;
    for (const Diagnostic &d : p.diagnostics)
        warned = warned || (d.code == QLatin1String("policy.helm.extra-values") && d.line == 17);
    QVERIFY(warned);
}

void TestChartGeneration::skeletonDetectsBrokenYaml()
{
    // The skeleton check is only worth something if it can fail.
    YAML::Node n;
    QString error;
    QVERIFY(!parses(skeleton(QStringLiteral("a:\n  b: {{ .Values.x }}\n c: d\n")), &n, &error));
    QVERIFY(parses(skeleton(QStringLiteral("a:\n  {{- with .Values.x }}\n  b: {{ . }}\n  {{- end }}\n")), &n, &error));
}

QTEST_GUILESS_MAIN(TestChartGeneration)
#include "tst_chart_generation.moc"
