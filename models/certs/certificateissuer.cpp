// SPDX-License-Identifier: Apache-2.0
#include "certs/certificateissuer.h"

#include "certs/certificatebuilder.h"
#include "certs/keytype.h"
#include "certs/validfor.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>  // std::this_thread only: the threads are the caller's (IssueOptions::parallelFor)
#include <vector>

namespace workbench::models::certs {

namespace {

class Issuer
{
public:
    Issuer(const QList<SecretSpec> &specs, const IssueOptions &options)
        : m_specs(specs)
        , m_options(options)
        , m_clock(options.clock ? *options.clock : Clock::system())
        , m_done(std::size_t(specs.size()))
        , m_level(std::size_t(specs.size()), -1)
        , m_state(std::size_t(specs.size()), State::Pending)
    {}

    Result<IssuedSecrets> run()
    {
        for (qsizetype i = 0; i < m_specs.size(); ++i)
            if (auto error = index(i))
                return *error;
        // One issuance instant for the whole set, so every certificate starts at the same second.
        m_now = m_clock.now().toUTC();
        m_now.setTime(QTime(m_now.time().hour(), m_now.time().minute(), m_now.time().second()));

        // Plan: check every reference (in request order, so the first error is the first bad
        // secret) and sort the secrets into dependency levels. Nothing in a level depends on
        // anything else in it, so a level is issued in parallel.
        int maxLevel = -1;
        for (qsizetype i = 0; i < m_specs.size(); ++i) {
            if (auto error = plan(i))
                return *error;
            maxLevel = qMax(maxLevel, m_level[std::size_t(i)]);
        }
        // Bucketed once (request order inside a level), not one scan of every secret per level.
        std::vector<QList<qsizetype>> levels(std::size_t(maxLevel + 1));
        for (qsizetype i = 0; i < m_specs.size(); ++i)
            levels[std::size_t(m_level[std::size_t(i)])] << i;
        for (const QList<qsizetype> &items : levels)
            if (auto error = runLevel(items))
                return *error;
        IssuedSecrets out;
        for (auto &s : m_done)
            out.append(std::move(*s));
        for (auto &n : m_notes)
            out.addNote(std::move(n));
        return out;
    }

    /// Every problem run() could stop on, without issuing anything.
    Diagnostics check(const ParallelFor &parallelFor)
    {
        Diagnostics out;
        auto add = [&out](const Error &e) {
            Diagnostic d;
            d.file = e.file;
            d.line = e.line;
            d.column = e.line > 0 ? 1 : 0;
            d.severity = Diagnostic::Severity::Error;
            d.code = e.code;
            d.message = e.message;
            out.append(d);
        };
        QList<bool> usable(m_specs.size(), true);
        for (qsizetype i = 0; i < m_specs.size(); ++i)
            if (auto error = index(i)) {
                add(*error);
                usable[i] = false;
                m_state[std::size_t(i)] = State::Failed;
            }
        for (qsizetype i = 0; i < m_specs.size(); ++i) {
            if (!usable.at(i))
                continue;
            if (auto error = plan(i)) {
                // Whatever was being planned depends on the bad secret: it is not reported again.
                for (State &st : m_state)
                    if (st == State::InProgress)
                        st = State::Failed;
                m_path.clear();
                if (error->code != QLatin1String(kFailedDependency))
                    add(*error);
            }
        }
        // Each secret's own parameters are checked on their own (on the caller's threads when given).
        std::vector<std::optional<Error>> parameterErrors(std::size_t(m_specs.size()));
        runParallel(parallelFor, m_specs.size(), [&](qsizetype i) {
            if (m_state[std::size_t(i)] == State::Done && !m_specs.at(i).isImported())
                parameterErrors[std::size_t(i)] = checkParameters(m_specs.at(i));
        });
        for (const std::optional<Error> &error : parameterErrors)
            if (error)
                add(*error);
        return out;
    }

private:
    enum class State { Pending, InProgress, Done, Failed };
    static constexpr char kFailedDependency[] = "certs.failed-dependency";

    /// Indexes secret @p i; an error for a nameless or duplicate secret.
    std::optional<Error> index(qsizetype i)
    {
        const QString key = m_specs.at(i).ref().toString();
        if (m_specs.at(i).name.isEmpty())
            return specError(m_specs.at(i), QStringLiteral("certs.spec"), QStringLiteral("A secret has no name."));
        if (m_index.contains(key))
            return specError(m_specs.at(i), QStringLiteral("certs.duplicate"),
                             QStringLiteral("The secret %1 is defined twice in session %2.")
                                 .arg(m_specs.at(i).name, m_specs.at(i).session));
        m_index.insert(key, i);
        return std::nullopt;
    }

    /// The certificate profile of @p spec (names, usage) with its key type and validity checked:
    /// what create() needs besides the keys, and what check() verifies without making any.
    static std::optional<Error> buildProfile(const SecretSpec &spec, CertificateProfile *profile)
    {
        profile->ca = spec.kind == SecretKind::X509Ca;
        profile->endpoint = spec.endpoint;
        profile->dnsNames = spec.dns;
        for (const QString &entry : spec.san) {
            const QString e = entry.trimmed();
            if (e.startsWith(QLatin1String("dns:"), Qt::CaseInsensitive))
                profile->dnsNames << e.mid(4).trimmed();
            else if (e.startsWith(QLatin1String("ip:"), Qt::CaseInsensitive))
                profile->ipAddresses << e.mid(3).trimmed();
            else
                return specError(spec, QStringLiteral("certs.san"),
                                 QStringLiteral("%1 (session %2): san entry '%3' must start with dns: or ip:.")
                                     .arg(spec.name, spec.session, e));
        }
        profile->dnsNames.removeDuplicates();
        for (const QString &dns : std::as_const(profile->dnsNames))
            if (dns.isEmpty() || dns.contains(QLatin1Char(' ')) || dns.contains(QLatin1String("{{")) ||
                dns.contains(QLatin1Char('$')))
                return specError(spec, QStringLiteral("certs.dns"),
                                 QStringLiteral("%1 (session %2): '%3' is not a host name (an unresolved variable?).")
                                     .arg(spec.name, spec.session, dns));
        profile->commonName = spec.commonName;
        if (profile->commonName.isEmpty())
            profile->commonName = profile->dnsNames.value(0, spec.name);
        return std::nullopt;
    }

    /// Key type (keys), profile and validity (certificates) of a secret that is not imported.
    static std::optional<Error> checkParameters(const SecretSpec &spec)
    {
        if (spec.kind == SecretKind::PrivateKey) {
            if (const auto type = parseKeyType(spec.keyType); !type)
                return wrap(spec, type.error());
            return std::nullopt;
        }
        CertificateProfile profile;
        if (auto error = buildProfile(spec, &profile))
            return error;
        const auto validFor = parseValidFor(spec.validFor);
        if (!validFor)
            return wrap(spec, validFor.error());
        // What the builder refuses, checked with any instant: a validity is a duration.
        profile.notBefore = QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
        profile.notAfter = validFor->notAfter(profile.notBefore);
        if (const Status st = checkCertificateProfile(profile); !st.ok())
            return wrap(spec, st.error());
        return std::nullopt;
    }

    static Error specError(const SecretSpec &spec, const QString &code, const QString &message,
                           const QString &detail = {})
    {
        Error e = makeError(code, message, detail);
        e.file = spec.sourceFile;
        e.line = spec.sourceLine;
        return e;
    }

    static Error wrap(const SecretSpec &spec, const Error &inner)
    {
        Error e = inner;
        e.message = QStringLiteral("%1 (session %2): %3").arg(spec.name, spec.session, inner.message);
        if (e.file.isEmpty()) {
            e.file = spec.sourceFile;
            e.line = spec.sourceLine;
        }
        return e;
    }

    static Error cancelledError()
    {
        return makeError(QStringLiteral("certs.cancelled"), QStringLiteral("Preview issuance was cancelled."));
    }

    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }

    /// Index of @p name in @p session, or -1.
    qsizetype lookup(const QString &session, const QString &name) const
    {
        return m_index.value(SecretRef{session, name}.toString(), -1);
    }

    /// The secret an import resolves to (following chains of imports); @p i itself when it is
    /// not imported. Valid after plan(i).
    qsizetype origin(qsizetype i) const
    {
        for (int guard = 0; i >= 0 && guard <= m_specs.size() && m_specs.at(i).importFrom; ++guard)
            i = lookup(m_specs.at(i).importFrom->session, m_specs.at(i).importFrom->name);
        return i;  // -1 for a dangling import
    }

    /// Kind a secret has once issued (an import has its origin's). Valid after plan(i).
    SecretKind effectiveKind(qsizetype i) const { return m_specs.at(origin(i)).kind; }

    /// True when a secret of @p session resolves to secret @p target (defines or imports it).
    /// The first call indexes every secret's origin by session: one pass, then lookups.
    bool holds(const QString &session, qsizetype target)
    {
        if (!m_originsBySessionReady) {
            for (qsizetype n = 0; n < m_specs.size(); ++n)
                m_originsBySession[m_specs.at(n).session].insert(origin(n));
            m_originsBySessionReady = true;
        }
        const auto it = m_originsBySession.constFind(session);
        return it != m_originsBySession.cend() && it->contains(target);
    }

    /// Checks @p i's references recursively and computes its level (0 = depends on nothing).
    std::optional<Error> plan(qsizetype i)
    {
        const SecretSpec &spec = m_specs.at(i);
        if (m_state[std::size_t(i)] == State::Done)
            return std::nullopt;
        if (m_state[std::size_t(i)] == State::Failed)
            return makeError(QLatin1String(kFailedDependency), QString());
        if (m_state[std::size_t(i)] == State::InProgress)
            return specError(spec, QStringLiteral("certs.cycle"),
                             QStringLiteral("%1 (session %2) depends on itself: %3.")
                                 .arg(spec.name, spec.session, m_path.join(QStringLiteral(" → "))));
        m_state[std::size_t(i)] = State::InProgress;
        m_path << spec.ref().toString();
        int level = 0;
        auto dependOn = [&](qsizetype j) -> std::optional<Error> {
            if (auto error = plan(j))
                return error;
            level = qMax(level, m_level[std::size_t(j)] + 1);
            return std::nullopt;
        };
        auto reference = [&](const QString &name, const QString &role, qsizetype *out) -> std::optional<Error> {
            *out = lookup(spec.session, name);
            if (*out < 0)
                return specError(
                    spec, QStringLiteral("certs.unknown_reference"),
                    QStringLiteral("%1 (session %2) names %3 '%4', which the session neither defines nor imports.")
                        .arg(spec.name, spec.session, role, name));
            return dependOn(*out);
        };

        if (spec.isImported()) {
            const qsizetype j = lookup(spec.importFrom->session, spec.importFrom->name);
            if (j < 0)
                return specError(spec, QStringLiteral("certs.import"),
                                 QStringLiteral("%1 (session %2) is imported from %3, which no session defines.")
                                     .arg(spec.name, spec.session, spec.importFrom->toString()));
            if (auto error = dependOn(j))
                return error;
        } else if (spec.kind != SecretKind::PrivateKey) {
            if (!spec.privateKey.isEmpty()) {
                qsizetype k = -1;
                if (auto error = reference(spec.privateKey, QStringLiteral("private_key"), &k))
                    return error;
                if (effectiveKind(k) != SecretKind::PrivateKey)
                    return specError(
                        spec, QStringLiteral("certs.private_key_kind"),
                        QStringLiteral("%1 (session %2): private_key '%3' is a %4 secret, not a private-key.")
                            .arg(spec.name, spec.session, spec.privateKey, secretKindName(effectiveKind(k))));
            }
            if (!spec.issuer.isEmpty()) {
                qsizetype k = -1;
                if (auto error = reference(spec.issuer, QStringLiteral("issuer"), &k))
                    return error;
                if (effectiveKind(k) != SecretKind::X509Ca)
                    return specError(
                        spec, QStringLiteral("certs.issuer_kind"),
                        QStringLiteral(
                            "%1 (session %2): issuer '%3' is a %4 secret; only an x509-ca can issue certificates.")
                            .arg(spec.name, spec.session, spec.issuer, secretKindName(effectiveKind(k))));
                // An imported CA can sign here only when the session holds the CA's private key
                // too (imported as well): the certificate alone carries no key (scone-formats §3.3).
                const qsizetype ca = origin(k);
                const qsizetype caKey = ca != k && !m_specs.at(ca).privateKey.isEmpty()
                                            ? origin(lookup(m_specs.at(ca).session, m_specs.at(ca).privateKey))
                                            : -1;
                if (caKey >= 0) {
                    if (!holds(spec.session, caKey))
                        return specError(spec, QStringLiteral("certs.issuer_key"),
                                         QStringLiteral("%1 (session %2): issuer '%3' is imported without its private "
                                                        "key '%4', so this session cannot sign with it; import the key "
                                                        "too or issue the certificate where the CA is defined.")
                                             .arg(spec.name, spec.session, spec.issuer, m_specs.at(ca).privateKey));
                }
            }
        }
        m_path.removeLast();
        m_level[std::size_t(i)] = level;
        m_state[std::size_t(i)] = State::Done;
        return std::nullopt;
    }

    /// Issues the secrets of one level: through the caller's parallelFor when there are enough
    /// of them (each writes only its own slot and reads lower levels, which are complete),
    /// progress reported from the calling thread. The error of the first failing secret in
    /// request order wins.
    std::optional<Error> runLevel(const QList<qsizetype> &items)
    {
        std::vector<std::optional<Error>> errors(std::size_t(items.size()));
        std::atomic<int> finished{0};
        std::atomic<bool> failed{false};
        int reported = m_count;
        auto report = [&] {
            const int now = m_count + finished.load();
            if (m_options.progress && now > reported) {
                reported = now;
                m_options.progress(now, int(m_specs.size()));
            }
        };
        if (!m_options.parallelFor || items.size() < 8) {
            // Few items (or no threads offered): one by one, progress after each (and
            // cancellation before each).
            for (qsizetype n = 0; n < items.size() && !failed.load(); ++n) {
                if (cancelled()) {
                    errors[std::size_t(n)] = cancelledError();
                    break;
                }
                errors[std::size_t(n)] = create(items.at(n));
                if (errors[std::size_t(n)])
                    break;
                ++finished;
                report();
            }
        } else {
            // The caller's threads; progress is reported between the items the calling thread
            // takes itself.
            const auto caller = std::this_thread::get_id();
            m_options.parallelFor(items.size(), [&](qsizetype n) {
                if (failed.load())
                    return;
                if (cancelled()) {
                    errors[std::size_t(n)] = cancelledError();
                    failed = true;
                    return;
                }
                errors[std::size_t(n)] = create(items.at(n));
                if (errors[std::size_t(n)])
                    failed = true;
                else
                    ++finished;
                if (std::this_thread::get_id() == caller)
                    report();
            });
            report();
        }
        m_count += finished.load();
        for (auto &e : errors)
            if (e)
                return e;
        return std::nullopt;
    }

    /// Creates secret @p i; its dependencies are done. Thread-safe for distinct @p i.
    std::optional<Error> create(qsizetype i)
    {
        const SecretSpec &spec = m_specs.at(i);
        if (spec.isImported()) {
            const qsizetype j = lookup(spec.importFrom->session, spec.importFrom->name);
            IssuedSecret s = *m_done[std::size_t(j)];  // shares key and certificate (reference counted)
            s.spec = spec;
            m_done[std::size_t(i)] = std::move(s);
            return std::nullopt;
        }
        IssuedSecret s;
        s.spec = spec;
        s.kind = spec.kind;
        s.origin = spec.ref();

        if (spec.kind == SecretKind::PrivateKey) {
            const auto type = parseKeyType(spec.keyType);
            if (!type)
                return wrap(spec, type.error());
            auto key = PrivateKey::generate(*type, m_options.cancel);
            if (!key)
                return key.error().code == QLatin1String("certs.cancelled") ? key.error() : wrap(spec, key.error());
            s.key = std::move(key).value();
            m_done[std::size_t(i)] = std::move(s);
            return std::nullopt;
        }

        if (spec.privateKey.isEmpty()) {
            addNote({spec.ref(), QStringLiteral("certs.issue.no_private_key"),
                     QStringLiteral("%1 has no private_key; the CAS requires one. The preview uses a fresh P-256 key.")
                         .arg(spec.name)});
            auto key = PrivateKey::generate(KeyType::P256, m_options.cancel);
            if (!key)
                return key.error().code == QLatin1String("certs.cancelled") ? key.error() : wrap(spec, key.error());
            s.key = std::move(key).value();
        } else {
            const IssuedSecret &keySecret = *m_done[std::size_t(lookup(spec.session, spec.privateKey))];
            s.key = keySecret.key;
            s.privateKeyOrigin = keySecret.origin;
        }

        Certificate issuerCert;
        PrivateKey issuerKey;
        if (!spec.issuer.isEmpty()) {
            const IssuedSecret &ca = *m_done[std::size_t(lookup(spec.session, spec.issuer))];
            issuerCert = ca.certificate;
            issuerKey = ca.key;
            s.issuerOrigin = ca.origin;
        }

        CertificateProfile profile;
        if (auto error = buildProfile(spec, &profile))
            return error;
        if (spec.endpoint == CertEndpoint::Client && !profile.dnsNames.isEmpty())
            addNote({spec.ref(), QStringLiteral("certs.issue.client_dns"),
                     QStringLiteral("%1 has endpoint: client and DNS names; the session language does not allow dns "
                                    "with a client endpoint.")
                         .arg(spec.name)});

        const auto validFor = parseValidFor(spec.validFor);
        if (!validFor)
            return wrap(spec, validFor.error());
        profile.notBefore = m_now;
        profile.notAfter = validFor->notAfter(m_now);

        auto cert = buildCertificate(profile, s.key, issuerCert, issuerKey);
        if (!cert)
            return wrap(spec, cert.error());
        s.certificate = std::move(cert).value();
        m_done[std::size_t(i)] = std::move(s);
        return std::nullopt;
    }

    void addNote(IssueNote note)
    {
        const std::lock_guard<std::mutex> lock(m_notesMutex);
        m_notes.append(std::move(note));
    }

    const QList<SecretSpec> &m_specs;
    const IssueOptions &m_options;
    const Clock &m_clock;
    QDateTime m_now;
    QHash<QString, qsizetype> m_index;
    std::vector<std::optional<IssuedSecret>> m_done;  // slot i written only by create(i)
    std::vector<int> m_level;
    std::vector<State> m_state;
    QStringList m_path;                                  // planning stack, for the cycle message
    QHash<QString, QSet<qsizetype>> m_originsBySession;  // see holds()
    bool m_originsBySessionReady = false;
    std::mutex m_notesMutex;
    QList<IssueNote> m_notes;  // guarded by m_notesMutex while a level runs
    int m_count = 0;
};

}  // namespace

Result<IssuedSecrets> issueSecrets(const QList<SecretSpec> &specs, const IssueOptions &options)
{
    return Issuer(specs, options).run();
}

Diagnostics checkSecretSpecs(const QList<SecretSpec> &specs, const ParallelFor &parallelFor)
{
    const IssueOptions none;
    return Issuer(specs, none).check(parallelFor);
}

}  // namespace workbench::models::certs
