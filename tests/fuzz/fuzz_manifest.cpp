// SPDX-License-Identifier: Apache-2.0
// Fuzz target for manifest documents: loading (both YAML readers, checked against each other),
// typed views, validation of the file on its own and inside a project, and source-preserving
// edits (each edit must keep a valid document valid and must be undoable to the same bytes).
// Run with tests/fuzz/run-fuzzers.sh; the corpus in tests/fuzz/corpus/manifest/ is replayed by ctest.
#include "manifest/fastyaml_p.h"
#include "manifest/manifestproject.h"
#include "validation/projectvalidator.h"

#include <QHashFunctions>

#include <algorithm>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace workbench::models;

namespace {

[[noreturn]] void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz_manifest: %s %s\n", what, qPrintable(detail));
    std::abort();
}

void collect(const YamlNode *n, QList<const YamlNode *> &out, int depth = 0)
{
    if (!n || depth > 64 || out.size() > 4000)
        return;
    out.append(n);
    if (n->isSequence())
        for (int i = 0; i < n->size(); ++i)
            collect(n->at(i), out, depth + 1);
    if (n->isMapping())
        for (int i = 0; i < n->size(); ++i) {
            out.append(n->keyAt(i));  // complex keys are not descended: no dotted path reaches inside
            if (n->keyAt(i)->isScalar())
                collect(n->valueAt(i), out, depth + 1);
        }
}

void checkRanges(const YamlDocument &doc, const QList<const YamlNode *> &nodes)
{
    const int size = int(doc.text().size());
    for (const YamlNode *n : nodes) {
        if (n->propertiesOffset() < 0 || n->propertiesOffset() > n->startOffset() ||
            n->startOffset() > n->endOffset() || n->endOffset() > size)
            fail("node range out of bounds", n->path());
        const SourceLocation loc = n->location();
        if (!loc.isValid() || loc.column < 1 || loc.endLine < loc.line)
            fail("bad location", n->path());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));

    // 1. both readers agree wherever the fast one accepts the input (validity, tree, values)
    const auto reference = detail::parseWithYamlCpp(text);
    if (const auto fast = detail::parseFast(text)) {
        const QString diff = detail::compareTrees(*fast, *reference);
        if (!diff.isEmpty())
            fail("fast reader differs from yaml-cpp:", diff);
    }
    // ... and neither accepts what YAML refuses: characters outside c-printable, a lone CR
    // (old Mac line ends, which yaml-cpp reads as no line end at all), implicit keys over 1024
    // characters.
    if (reference->valid) {
        int codePoint = 0;
        if (detail::firstNonPrintable(text, &codePoint) >= 0)
            fail("a reader accepts a non-printable character:", QString::number(codePoint, 16));
        if (detail::firstLoneCarriageReturn(text) >= 0)
            fail("a reader accepts a lone CR");
        if (detail::firstLongImplicitKey(*reference) >= 0)
            fail("a reader accepts an implicit key longer than 1024 characters");
    }

    // 2. the document, its nodes and paths
    const YamlDocument doc = YamlDocument::fromText(text, QStringLiteral("fuzz.yaml"));
    if (doc.text() != text)
        fail("document does not keep its bytes");
    QList<const YamlNode *> nodes;
    collect(doc.root(), nodes);
    checkRanges(doc, nodes);
    // with duplicate keys, paths resolve to the first occurrence: only check documents without
    const bool duplicates = std::any_of(doc.issues().begin(), doc.issues().end(),
                                        [](const YamlIssue &i) { return i.kind == YamlIssue::Kind::DuplicateKey; });
    for (const YamlNode *n : std::as_const(nodes)) {
        if (n->isKey() || duplicates)
            continue;
        const QString path = n->path();
        const YamlNode *found = doc.node(path);
        if (!found && n->resolved())
            fail("path does not resolve", path);
        if (found && found != n->resolved())
            fail("path resolves to another node", path);
    }

    // 3. validation, on its own and as part of a project with the example's shape
    ValidationOptions options;
    options.checkFiles = false;
    const ProjectValidator validator(options);
    ManifestProject project;
    project.setText(QStringLiteral("a/service.yaml"), text);
    const Diagnostics single = validator.validateFile(project.files().first());
    project.setText(QStringLiteral("mesh.yaml"),
                    "apiVersion: scone/5.8\nkind: mesh\ncas:\n  - cas_url: cas\npolicy: {}\nenv:\n"
                    "  - service: global\n    env:\n      - name: A\n        value: b\nservices:\n"
                    "  - name: a\n    image: x/a:1\n");
    project.setText(QStringLiteral("b/service.yaml"), text);
    const Diagnostics all = validator.validate(project);
    for (const Diagnostic &d : single)
        if (d.line < 1 || d.column < 1 || d.code.isEmpty() || d.message.isEmpty())
            fail("bad diagnostic", d.toString());
    Q_UNUSED(all);

    // 4. edits chosen by the input's hash; each is undoable to the same bytes
    if (!doc.isValid() || nodes.isEmpty())
        return 0;
    size_t seed = qHashBits(data, size, 0x5c0e);
    YamlDocument edited = doc;
    for (int round = 0; round < 4; ++round) {
        QList<const YamlNode *> current;
        collect(edited.root(), current);
        if (current.isEmpty())
            break;
        const YamlNode *n = current[int(seed % size_t(current.size()))];
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        if (n->isKey() || n->isAlias())
            continue;
        const QString path = n->path();
        YamlEdit e;
        switch (seed % 7) {
        case 0:
            e = YamlEdit::setScalar(path,
                                    n->isScalar() ? n->scalar() + QStringLiteral(" #x: \"y\"") : QStringLiteral("v"));
            break;
        case 1:
            e = YamlEdit::setScalar(path, QStringLiteral("line one\n  line two\n"));
            break;
        case 2:
            e = YamlEdit::remove(path);
            break;
        case 3:
            e = YamlEdit::addKey(path, QStringLiteral("fuzz_key"), QStringLiteral("{a: 1, b: [x, \"y\"]}"));
            break;
        case 4:
            e = YamlEdit::appendItem(path, QStringLiteral("name: n\nvalue: \"$$SCONE::s$$\""));
            break;
        case 5:
            e = YamlEdit::insertItem(path, 0, QStringLiteral("yes"));
            break;
        default:
            e = YamlEdit::moveItem(path, 0, std::max(0, n->size() - 1));
            break;
        }
        const QByteArray before = edited.text();
        const auto change = edited.apply(e);
        if (!change) {
            if (edited.text() != before)
                fail("failed edit modified the document");
            continue;
        }
        if (!edited.isValid())
            fail("edit made the document invalid", e.description());
        YamlDocument undo = edited;
        if (!undo.applyChange(change->inverted()) || undo.text() != before)
            fail("edit cannot be undone", e.description());
        QList<const YamlNode *> after;
        collect(edited.root(), after);
        checkRanges(edited, after);
    }
    return 0;
}
