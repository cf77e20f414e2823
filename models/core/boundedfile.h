// SPDX-License-Identifier: Apache-2.0
// The one way the workbench reads a file it did not just write itself (and, next to it, the one
// way it creates folders with a reason when it cannot): manifests, settings,
// certificates, password files, stored references, recovery copies. A path can name anything
// (a FIFO that blocks forever, /dev/zero that never ends, a 50 MB file): only regular files are
// read, never more than a limit, and whatever is refused says why.
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace workbench::models {

/// The default limit: far above any manifest, settings file or certificate bundle (the example
/// project's largest manifest is ~3 KB; a generated 1,000-service mesh ~400 KB), far below what
/// would hurt memory. The same limit `inspect` has always had for certificate files.
inline constexpr qint64 kMaxReadBytes = 16 * 1024 * 1024;

/// Reads the whole of @p path. Fails, with a message naming the path and the reason, when it
/// does not exist or cannot be opened (the OS reason), is not a regular file (folders, FIFOs,
/// devices, sockets are refused without blocking: the file is opened non-blocking and checked
/// with fstat before a byte is read), or holds more than @p maxBytes. Symbolic links are followed
/// (what they point to is checked). Error codes: `file.read`, `file.type`, `file.size`.
Result<QByteArray> readFileBounded(const QString &path, qint64 maxBytes = kMaxReadBytes);

/// `mkdir -p` that says why it failed: "Cannot create PATH: REASON." with the OS reason (a file in
/// the way, no permission, a read-only file system). Error code `file.mkdir`.
Status makeFolders(const QString &path);

/// Like readFileBounded(), but a longer file is no error: at most @p maxBytes from its start
/// (to sniff what a file is).
Result<QByteArray> readFileHead(const QString &path, qint64 maxBytes);

}  // namespace workbench::models
