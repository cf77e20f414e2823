// SPDX-License-Identifier: Apache-2.0
// How every command reads its options: `--name VALUE` or `--name=VALUE`, and the one rule for
// `--set NAME=VALUE` (render, certs, run, build, upload, deploy, pipeline).
#pragma once

#include "core/result.h"

#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::cli {

/// The option name of @p arg: `--name` for `--name=VALUE`, else @p arg itself.
QString optionName(const QString &arg);

/// The value of the option at `args[*i]`: the part after `=`, or the next argument (then `*i`
/// moves to it); nullopt when there is none.
std::optional<QString> optionValue(const QStringList &args, int *i);

/// The override of `--set NAME=VALUE` from the option's @p value. The error's message is the
/// usage error to print: no value, no `NAME=`, a NAME that is no variable name, or a value the
/// setting refuses (`MODE=bogus`).
Result<QPair<QString, QString>> parseSetOverride(const std::optional<QString> &value);

}  // namespace workbench::cli
