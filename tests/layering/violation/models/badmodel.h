// Deliberate layering violation: the layering test must reject this file.
#pragma once
#include <pcre2.h>
#include <QWidget>
