// Deliberate layering violation: one area reaching into another area's folder.
#include "certs/certificatesarea.h"
#include "common/theme.h"  // allowed: ui/common is shared (need not exist for the check)
