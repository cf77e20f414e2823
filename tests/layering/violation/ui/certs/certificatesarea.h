// Stands for an area's header: the files below must not include it.
#pragma once
