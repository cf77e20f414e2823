// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace kubetest {

/// A Kubernetes label selector as the API server parses it from ?labelSelector=: equality
/// ("a=b", "a==b", "a!=b"), set-based ("a in (x,y)", "a notin (x)"), existence ("a", "!a"),
/// requirements separated by commas.
class LabelSelector
{
public:
    /// nullopt (with @p error set) when the text is not a selector.
    static std::optional<LabelSelector> parse(const QString &text, QString *error = nullptr);

    bool matches(const QMap<QString, QString> &labels) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }

private:
    struct Requirement {
        enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
        QString key;
        Op op = Op::Exists;
        QStringList values;
    };
    QList<Requirement> m_requirements;
};

/// ?fieldSelector= for pods: "metadata.name=x", "metadata.namespace=y", "status.phase!=z".
class FieldSelector
{
public:
    static std::optional<FieldSelector> parse(const QString &text, QString *error = nullptr);
    bool matches(const QMap<QString, QString> &fields) const;

private:
    struct Requirement {
        QString field;
        bool equals = true;
        QString value;
    };
    QList<Requirement> m_requirements;
};

}  // namespace kubetest
