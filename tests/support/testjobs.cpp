// SPDX-License-Identifier: Apache-2.0
// testjobs.h is header-only; this file gives AUTOMOC a translation unit for it.
#include "testjobs.h"
