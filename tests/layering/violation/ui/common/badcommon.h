// Deliberate layering violation: the shared folder knowing an area.
#pragma once
#include "certs/certificatesarea.h"
