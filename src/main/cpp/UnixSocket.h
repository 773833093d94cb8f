// A server's Unix socket, asked from the outside: does it accept connections (a server listens), and a
// connection of ours that the server closes when it dies. POSIX only; no protocol is spoken.
#pragma once

#include <string>

namespace adm {

/// A non-blocking connection to the socket at `path`, or -1 (errno says why). Never written to.
int connectUnixSocket(const std::string& path);

/**
 * Whether the socket at `path` accepts a connection now. Refused (nobody listens) or gone: false. A full
 * backlog (a busy or stalled server) and anything we cannot ask (a path too long): true, so that a living
 * server is never taken for dead.
 */
bool unixSocketAnswers(const std::string& path);

}  // namespace adm
