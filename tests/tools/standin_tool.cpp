// SPDX-License-Identifier: Apache-2.0
// Stand-in for the external tools of Build & Deploy (sconectl, helm, kubectl). One executable,
// installed by the test build under each tool's name; it behaves according to the name it was
// started as (argv[0]). No Qt: it must start fast and be independent of the code under test.
//
// Environment:
//   STANDIN_RECORD=FILE        append one JSON line per call: tool, argv, cwd, pid, pgid,
//                              child_pid (0 when none) and the whole environment
//   STANDIN_<TOOL>_<SUB>_MODE, STANDIN_<TOOL>_MODE, STANDIN_MODE (first set wins; default success)
//       success      answer like the real tool, exit 0
//       fail         print STANDIN_<TOOL>_MESSAGE / STANDIN_MESSAGE (else the tool's typical
//                    error) to stderr, exit STANDIN_EXIT (default 1)
//       slow         print STANDIN_STEPS (default 5) progress lines STANDIN_DELAY_MS (default 200)
//                    apart (sconectl: `\r` spinner updates), then answer as success
//       hang         print "STANDIN <tool> waiting" and wait until killed
//       ignore-term  the same with SIGTERM and SIGINT ignored (only SIGKILL ends it)
//     <TOOL> and <SUB> are upper-cased, other characters than letters and digits become `_`;
//     <SUB> is the first argument not starting with `-` (`apply`, `upgrade`, `version`, `get`;
//     kubectl's global --kubeconfig/--context and their values are skipped).
//   STANDIN_SPAWN_CHILD=1      in hang / ignore-term: first fork a child (same process group,
//                              same signal dispositions) that waits too, like sconectl's docker
//   STANDIN_VERSION            version to report (defaults: sconectl 6.0.0, helm v3.14.4,
//                              kubectl v1.30.2)
//   STANDIN_KUBE_CONTEXT       kubectl config current-context (default standin-context)
//   STANDIN_KUBE_SERVER_VERSION  the API server's version in `kubectl version -o json` without
//                              --client (default v1.30.0)
#include <openssl/sha.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

std::string env(const std::string &name, const std::string &fallback = {})
{
    const char *v = std::getenv(name.c_str());
    return v ? std::string(v) : fallback;
}

std::string key(const std::string &s)
{
    std::string out;
    for (const char c : s)
        out += (c >= 'a' && c <= 'z')                               ? char(c - 'a' + 'A')
               : ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c
                                                                    : '_';
    return out;
}

std::string json(const std::string &s)
{
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    return out + "\"";
}

std::string basenameOf(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string cwd()
{
    std::vector<char> buf(4096);
    return getcwd(buf.data(), buf.size()) ? std::string(buf.data()) : std::string();
}

void record(const std::string &tool, const std::vector<std::string> &args, pid_t child)
{
    const std::string file = env("STANDIN_RECORD");
    if (file.empty())
        return;
    std::string line = "{\"tool\":" + json(tool) + ",\"argv\":[";
    for (size_t i = 0; i < args.size(); ++i)
        line += (i ? "," : "") + json(args[i]);
    line += "],\"cwd\":" + json(cwd()) + ",\"pid\":" + std::to_string(getpid()) +
            ",\"pgid\":" + std::to_string(getpgrp()) + ",\"child_pid\":" + std::to_string(child) + ",\"env\":{";
    bool first = true;
    for (char **e = environ; e && *e; ++e) {
        const std::string kv = *e;
        const auto eq = kv.find('=');
        if (eq == std::string::npos)
            continue;
        line += (first ? "" : ",") + json(kv.substr(0, eq)) + ":" + json(kv.substr(eq + 1));
        first = false;
    }
    line += "}}\n";
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    flock(fd, LOCK_EX);
    size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = write(fd, line.data() + done, line.size() - done);
        if (n <= 0)
            break;
        done += size_t(n);
    }
    flock(fd, LOCK_UN);
    close(fd);
}

/// Number of recorded calls of @p tool whose argv holds all of @p needles (JSON-quoted words);
/// gives helm's release revision.
int countRecorded(const std::string &tool, const std::vector<std::string> &needles)
{
    std::ifstream in(env("STANDIN_RECORD"));
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        if (line.rfind("{\"tool\":" + json(tool) + ",\"argv\":[", 0) != 0)
            continue;
        const auto end = line.find("],\"cwd\":");
        const std::string argv = line.substr(0, end);
        bool all = true;
        for (const std::string &needle : needles)
            all = all && argv.find(needle) != std::string::npos;
        n += all ? 1 : 0;
    }
    return n;
}

void sleepMs(long ms)
{
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

[[noreturn]] void waitForever()
{
    for (;;)
        pause();
}

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string sha256Hex(const std::string &data)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(data.data()), data.size(), digest);
    std::string hex;
    char buf[3];
    for (const unsigned char b : digest) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        hex += buf;
    }
    return hex;
}

std::string optionValue(const std::vector<std::string> &args, const std::string &name)
{
    for (size_t i = 1; i + 1 < args.size(); ++i)
        if (args[i] == name)
            return args[i + 1];
    for (size_t i = 1; i < args.size(); ++i)
        if (args[i].rfind(name + "=", 0) == 0)
            return args[i].substr(name.size() + 1);
    return {};
}

bool hasArg(const std::vector<std::string> &args, const std::string &a)
{
    for (size_t i = 1; i < args.size(); ++i)
        if (args[i] == a)
            return true;
    return false;
}

std::string typicalError(const std::string &tool)
{
    if (tool == "sconectl")
        return "Execution failed! See messages above. Command docker run returned error.\n"
               "  Error=1 (Error 22597-24820-10449)";
    if (tool == "helm")
        return "Error: INSTALLATION FAILED: Kubernetes cluster unreachable: the server could not find the requested "
               "resource";
    if (tool == "kubectl")
        return "The connection to the server localhost:8080 was refused - did you specify the right host or port?";
    return "error";
}

int sconectl(const std::vector<std::string> &args)
{
    if (args.size() < 2 || args[1] == "--help") {
        std::printf("sconectl %s\nsconectl helps to transform cloud-native applications into cloud-confidential "
                    "applications.\n\nUSAGE:\n    sconectl [--help | --quiet] apply [OPTIONS]\n",
                    env("STANDIN_VERSION", "6.0.0").c_str());
        return 0;
    }
    if (args[1] != "apply") {
        std::printf("executed %s in the sconecli container\n\n", args[1].c_str());
        return 0;
    }
    const std::string file = optionValue(args, "-f");
    struct stat st {
    };
    if (file.empty() || stat(file.c_str(), &st) != 0) {
        std::fprintf(stderr,
                     "Error: manifest '%s' not found in %s (only files under the current directory are visible)\n"
                     "Execution failed! See messages above. Command apply returned error.\n  Error=1 (Error "
                     "22597-24820-10449)\n",
                     file.c_str(), cwd().c_str());
        return 1;
    }
    const std::string text = readFile(file);
    if (text.find("kind: mesh") != std::string::npos) {
        const std::string release = optionValue(args, "--release");
        mkdir("target", 0755);
        mkdir("target/helm", 0755);
        std::ofstream(std::string("target/helm/Chart.yaml"))
            << "apiVersion: v2\nname: " << (release.empty() ? "mesh" : release)
            << "\ntype: application\nversion: 0.1.0\n";
        std::ofstream(std::string("target/helm/values.yaml")) << "# generated by the sconectl stand-in\n";
        std::printf("Uploading policies of %s\nWriting helm chart to target/helm\n\n", file.c_str());
        return 0;
    }
    std::string to;
    const auto pos = text.find("\n  to:");
    if (pos != std::string::npos) {
        size_t b = pos + 6;
        while (b < text.size() && text[b] == ' ')
            ++b;
        size_t e = b;
        while (e < text.size() && text[e] != '\n' && text[e] != ' ' && text[e] != '#')
            ++e;
        to = text.substr(b, e - b);
    }
    std::printf("Building image %s\n", to.c_str());
    if (!hasArg(args, "--no-push")) {
        const auto colon = to.rfind(':');
        const std::string tag =
            (colon != std::string::npos && to.find('/', colon) == std::string::npos) ? to.substr(colon + 1) : "latest";
        std::printf("%s: digest: sha256:%s size: 1573\n", tag.c_str(), sha256Hex(text).c_str());
    }
    std::printf("\n");
    return 0;
}

int helm(const std::vector<std::string> &args)
{
    const std::string version = env("STANDIN_VERSION", "v3.14.4");
    if (args.size() >= 2 && args[1] == "version") {
        if (hasArg(args, "--short"))
            std::printf("%s+g81c902a\n", version.c_str());
        else
            std::printf("version.BuildInfo{Version:\"%s\", GitCommit:\"81c902a123462fd4052bc5e9aa9c513c4c8fc142\", "
                        "GitTreeState:\"clean\", GoVersion:\"go1.21.9\"}\n",
                        version.c_str());
        return 0;
    }
    if (args.size() >= 5 && args[1] == "upgrade" && hasArg(args, "--install")) {
        std::vector<std::string> positional;
        for (size_t i = 2; i < args.size(); ++i) {
            if (args[i] == "--namespace" || args[i] == "-n" || args[i] == "--kubeconfig" || args[i] == "--kube-context")
                ++i;
            else if (args[i].rfind("-", 0) != 0)
                positional.push_back(args[i]);
        }
        if (positional.size() != 2) {
            std::fprintf(stderr, "Error: \"helm upgrade\" requires 2 arguments\n");
            return 1;
        }
        const std::string &release = positional[0];
        struct stat st {
        };
        if (stat((positional[1] + "/Chart.yaml").c_str(), &st) != 0) {
            std::fprintf(stderr, "Error: path \"%s\" not found\n", positional[1].c_str());
            return 1;
        }
        const std::string ns = optionValue(args, "--namespace").empty() ? "default" : optionValue(args, "--namespace");
        const int revision = std::max(1, countRecorded("helm", {json("upgrade"), json(release)}));
        if (revision == 1)
            std::printf("Release \"%s\" does not exist. Installing it now.\n", release.c_str());
        else
            std::printf("Release \"%s\" has been upgraded. Happy Helming!\n", release.c_str());
        char when[64];
        const std::time_t now = std::time(nullptr);
        std::strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y", std::localtime(&now));
        std::printf("NAME: %s\nLAST DEPLOYED: %s\nNAMESPACE: %s\nSTATUS: deployed\nREVISION: %d\nTEST SUITE: None\n",
                    release.c_str(), when, ns.c_str(), revision);
        return 0;
    }
    return 0;
}

/// @p args without kubectl's global `--kubeconfig FILE` and `--context NAME` (and their `=` forms).
std::vector<std::string> withoutGlobalFlags(const std::vector<std::string> &args)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0 && (args[i] == "--kubeconfig" || args[i] == "--context")) {
            ++i;
            continue;
        }
        if (i > 0 && (args[i].rfind("--kubeconfig=", 0) == 0 || args[i].rfind("--context=", 0) == 0))
            continue;
        out.push_back(args[i]);
    }
    return out;
}

int kubectl(const std::vector<std::string> &allArgs)
{
    const std::vector<std::string> args = withoutGlobalFlags(allArgs);
    const std::string version = env("STANDIN_VERSION", "v1.30.2");
    if (args.size() >= 2 && args[1] == "version") {
        if (optionValue(args, "-o") == "json") {
            std::string minor = version.substr(version.find('.') + 1);
            minor = minor.substr(0, minor.find('.'));
            std::printf("{\n  \"clientVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"%s\",\n    \"gitVersion\": "
                        "\"%s\",\n    \"gitTreeState\": \"clean\",\n    \"goVersion\": \"go1.22.4\",\n    "
                        "\"compiler\": \"gc\",\n    \"platform\": \"linux/amd64\"\n  },\n  \"kustomizeVersion\": "
                        "\"v5.0.4-0.20230601165947-6ce0bf390ce3\"",
                        minor.c_str(), version.c_str());
            // Without --client kubectl also asks the API server (STANDIN_KUBE_SERVER_VERSION).
            if (!hasArg(args, "--client"))
                std::printf(",\n  \"serverVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"30\",\n    "
                            "\"gitVersion\": \"%s\",\n    \"platform\": \"linux/amd64\"\n  }",
                            env("STANDIN_KUBE_SERVER_VERSION", "v1.30.0").c_str());
            std::printf("\n}\n");
        } else {
            std::printf("Client Version: %s\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n",
                        version.c_str());
        }
        return 0;
    }
    if (args.size() >= 3 && args[1] == "config" && args[2] == "current-context") {
        std::printf("%s\n", env("STANDIN_KUBE_CONTEXT", "standin-context").c_str());
        return 0;
    }
    if (args.size() >= 2 && args[1] == "get") {
        const std::string ns = optionValue(args, "-n").empty() ? "default" : optionValue(args, "-n");
        std::fprintf(stderr, "No resources found in %s namespace.\n", ns.c_str());
        if (optionValue(args, "-o") == "json")  // kubectl prints an empty list then
            std::printf("{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n"
                        "    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
        return 0;
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv, argv + argc);
    const std::string tool = basenameOf(args.empty() ? std::string("standin") : args[0]);
    std::string sub;
    const std::vector<std::string> dispatch = tool == "kubectl" ? withoutGlobalFlags(args) : args;
    for (size_t i = 1; i < dispatch.size(); ++i)
        if (dispatch[i].rfind("-", 0) != 0) {
            sub = dispatch[i];
            break;
        }
    std::string mode;
    if (!sub.empty())
        mode = env("STANDIN_" + key(tool) + "_" + key(sub) + "_MODE");
    if (mode.empty())
        mode = env("STANDIN_" + key(tool) + "_MODE");
    if (mode.empty())
        mode = env("STANDIN_MODE", "success");

    const bool waits = mode == "hang" || mode == "ignore-term";
    if (mode == "ignore-term") {
        std::signal(SIGTERM, SIG_IGN);
        std::signal(SIGINT, SIG_IGN);
    }
    pid_t child = 0;
    if (waits && env("STANDIN_SPAWN_CHILD") == "1") {
        child = fork();
        if (child == 0)
            waitForever();
    }
    record(tool, args, child > 0 ? child : 0);

    if (waits) {
        std::printf("STANDIN %s waiting\n", tool.c_str());
        std::fflush(stdout);
        waitForever();
    }
    if (mode == "fail") {
        std::string message = env("STANDIN_" + key(tool) + "_MESSAGE");
        if (message.empty())
            message = env("STANDIN_MESSAGE", typicalError(tool));
        std::fprintf(stderr, "%s\n", message.c_str());
        return std::atoi(env("STANDIN_EXIT", "1").c_str());
    }
    if (mode == "slow") {
        const int steps = std::atoi(env("STANDIN_STEPS", "5").c_str());
        const long delay = std::atol(env("STANDIN_DELAY_MS", "200").c_str());
        for (int i = 1; i <= steps; ++i) {
            if (tool == "sconectl")
                std::printf("\r%s step %d/%d", "Building", i, steps);
            else
                std::printf("step %d/%d\n", i, steps);
            std::fflush(stdout);
            sleepMs(delay);
        }
        if (tool == "sconectl")
            std::printf("\n");
    } else if (mode != "success") {
        std::fprintf(stderr, "standin: unknown mode '%s'\n", mode.c_str());
        return 2;
    }
    if (tool == "sconectl")
        return sconectl(args);
    if (tool == "helm")
        return helm(args);
    if (tool == "kubectl")
        return kubectl(args);
    return 0;
}
