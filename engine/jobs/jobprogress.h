// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::engine::jobs {

/// Progress of a job: a fraction in [0, 1] or indeterminate, and the current step's text.
struct JobProgress {
    double fraction = -1.0;  ///< < 0: indeterminate
    QString step;            ///< "Pushing layer 3/7", may be empty

    bool isIndeterminate() const { return fraction < 0.0; }
    static JobProgress indeterminate(QString step = {}) { return {-1.0, std::move(step)}; }
    bool operator==(const JobProgress &o) const { return fraction == o.fraction && step == o.step; }
};

}  // namespace workbench::engine::jobs
