// Deliberate layering violation: the layering test must reject this file.
#pragma once
#include <QWidget>
#include <pcre2.h>
