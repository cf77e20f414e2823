// Deliberate layering violation: the layering test must reject this file.
#include <QtWidgets/QMessageBox>
