// SPDX-License-Identifier: Apache-2.0
// The one writer of output folders: `render --out`, `certs --out`, the Policies area's export and
// its "Keep as reference" store (<project>/.scone-workbench/rendered). The rules live here once:
//
// * Ownership. The folder keeps a list of what the workbench wrote into it
//   (`DIR/.scone-workbench-output`). A run replaces exactly the files of the previous run. Anything
//   else found there (a file not on the list, a symbolic link, a FIFO, an empty folder the list
//   does not name) is foreign: the write is refused, naming it, unless `force` is given; with
//   `force` foreign entries stay where they are, untouched, and the new output is written beside
//   them. A foreign entry that sits where the new output goes (a user's `policies/x.yaml`, a
//   `helm` file where the chart folder goes, a `policies` symlink) is refused even with `force`:
//   replacing it would lose it.
// * Symbolic links are never followed inside the folder: not when deleting (an entry is removed
//   with unlink/rmdir on its own name), not when writing (new files are created with O_EXCL |
//   O_NOFOLLOW in a private staging folder, never opened in place).
// * Whole or not at all. The new output is built in a staging folder inside DIR
//   (`DIR/.scone-workbench-staging-XXXXXX`, mode 0700, so on the same file system), then each
//   top-level entry the output owns (`policies/`, `helm/`, a session folder, `report.txt`) is
//   swapped into place with an atomic rename (renameat2 RENAME_EXCHANGE where the file system
//   has it). A failure at any point undoes the swaps done so far, in reverse, and removes the
//   staging folder: the folder is as it was.
// * Replaced whole vs. foreign files stay. A top-level entry that holds both files of the
//   previous run and foreign files (with `force`) is still swapped whole: the foreign files are
//   hard-linked into the staged entry first (same file, second name; never copied, never moved),
//   so after the swap they are in place under their old paths, and before it they never left.
//   No moment exists at which a user's file is only in the staging folder. If a file cannot be
//   hard-linked (another owner's file under protected_hardlinks, a mount point), the write fails
//   before anything changed. Foreign top-level entries the output does not own are not touched
//   at all.
// * DIR itself is never renamed or removed (it may be the current folder or a mount point). A DIR
//   given as a symbolic link is followed (it is the user's own argument) unless `confinedTo` is
//   set: then DIR must lie inside that folder and no folder from it down to DIR may be a symbolic
//   link (a cloned project can ship `.scone-workbench/rendered -> ~`).
// * Secret files (keys, sessions with explicit secret values) are created 0600; others 0666
//   minus the umask.
#pragma once

#include "core/parallelfor.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace workbench::models {

/// Name of the list of written files kept inside every output folder.
inline constexpr char kOutputListName[] = ".scone-workbench-output";

struct OutputFile {
    QString path;  ///< relative to the folder, '/'-separated; no "..", ".", empty parts or leading '/'
    QByteArray content;
    bool secret = false;  ///< created with mode 0600
};

struct OutputWriteOptions {
    /// Write beside foreign entries (they are kept) instead of refusing.
    bool force = false;
    /// When set: the folder must lie inside this one, and no folder between them may be a
    /// symbolic link.
    QString confinedTo;
    /// For tests: called before each step of the final swap (step 0, 1, ...); an error returned
    /// there aborts the write as a failing rename would, so rollback can be tested.
    std::function<Status(int step)> beforeSwapStep;
    /// How the files are written: on the caller's threads when given, else one after another.
    ParallelFor parallelFor;
};

struct OutputWriteResult {
    QString folder;       ///< absolute path written to
    QStringList written;  ///< relative paths of the files written, sorted (the list file excluded)
    QStringList removed;  ///< files of the previous run the new output no longer has, sorted
    QStringList kept;     ///< foreign entries left in place (only with force), sorted
};

/// Replaces the workbench's output in @p dir by @p files, following the rules above. Creates
/// @p dir (and missing parents) when needed. Error codes: `output.path` (a bad relative path in
/// @p files), `output.folder` (@p dir is not a folder, is a symbolic link under `confinedTo`, ...),
/// `output.foreign` (foreign entries and no `force`; the first is in Error::file),
/// `output.conflict` (a foreign entry where the output goes; in Error::file), `output.write` (the
/// OS refused; its reason in the message).
Result<OutputWriteResult> writeOutputFolder(const QString &dir, const QList<OutputFile> &files,
                                            const OutputWriteOptions &options = {});

}  // namespace workbench::models
