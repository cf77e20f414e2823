// SPDX-License-Identifier: Apache-2.0
// Internal: two ways to build a YamlData tree from text.
#pragma once

#include "manifest/yamldata_p.h"

#include <memory>

namespace workbench::models::detail {

/// The reference reader: yaml-cpp's event parser plus extents derived from the text. Handles
/// every input (reports syntax errors with yaml-cpp's mark).
std::shared_ptr<YamlData> parseWithYamlCpp(QByteArray text);

/// A fast reader for the block-style subset manifests are written in (block mappings and
/// sequences, plain and single-line quoted scalars, single-line flow collections, literal and
/// simple folded block scalars, comments). It gives up (returns nullptr) on anything else:
/// anchors, tags, multi-line plain or quoted scalars, tabs, CR, documents markers, odd
/// indentation, and on anything that might be a syntax error, so that yaml-cpp decides.
/// When it succeeds, the tree is identical to parseWithYamlCpp()'s (checked by tests and by the
/// fuzzer on every input it accepts).
std::shared_ptr<YamlData> parseFast(const QByteArray &text);

/// Shared by both readers.
int firstInvalidUtf8(const QByteArray &text, bool *asciiOnly);
/// Offset of the first character YAML does not allow in a stream (C0 controls other than TAB,
/// LF, CR; DEL; C1 other than NEL; U+FFFE/U+FFFF), -1 if none; @p codePoint gets it. Valid
/// UTF-8 only.
int firstNonPrintable(const QByteArray &text, int *codePoint);
/// Offset of the first CR not followed by LF, -1 if none.
int firstLoneCarriageReturn(const QByteArray &text);
/// Offset of the first implicit mapping key longer than YAML's 1024 characters, -1 if none.
int firstLongImplicitKey(const YamlData &data);
void initLines(YamlData &data);
void checkDuplicateKeys(YamlData &data, const int *children, int childCount);

/// Compares two trees; empty when identical, else a description of the first difference.
QString compareTrees(const YamlData &a, const YamlData &b);

}  // namespace workbench::models::detail
