// Deliberate layering violation: the layering test must reject this file.
#pragma once
// clang-format off
#include <pcre2.h>
#include <QWidget>
// clang-format on
