// The death watch of the sound servers behind ALSA's server PCMs (AlsaHost.h): one connection of ours per
// server socket, held open by one thread that sleeps in poll() until a server closes it. A server that dies
// closes every connection at once, so its death is seen at once and costs nothing while it lives.
#include "AlsaHost.h"
#include "HostEventBell.h"
#include "UnixSocket.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace adm {
namespace {

/// The inode of the socket file at `path`, 0 when there is none: a server that starts again makes a new one.
ino_t socketInode(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

class Watch {
public:
    /// Connections to the servers that answer now (never written to: the server sees a client that has not
    /// said hello); those of an earlier watch() are dropped.
    void watch() {
        std::vector<Connection> fresh;
        for (const std::string& path : answeringSoundServerSockets()) {
            if (const int fd = connectUnixSocket(path); fd >= 0) {
                fresh.push_back(Connection{path, fd, 0, socketInode(path)});
            }
        }
        std::lock_guard<std::mutex> lock(mMutex);
        ++mGeneration;
        for (Connection& c : fresh) {
            c.generation = mGeneration;
            mAdopt.push_back(c);
        }
        start();
        signal();
    }

    void unwatch() {
        std::lock_guard<std::mutex> lock(mMutex);
        ++mGeneration;
        for (const Connection& c : mAdopt) {
            close(c.fd);  // never seen by the thread: ours to close
        }
        mAdopt.clear();
        signal();
    }

    uint64_t deaths() const noexcept { return mDeaths.load(std::memory_order_acquire); }

private:
    struct Connection {
        std::string path;
        int fd;
        uint64_t generation;
        ino_t inode;  // of the socket file when we connected: the server we watch
    };

    void start() {  // mMutex held
        if (mStarted || mWakeFd < 0) {
            return;
        }
        mStarted = true;
        std::thread([this] { run(); }).detach();
    }

    void signal() const {  // mMutex held
        if (mWakeFd >= 0) {
            const uint64_t one = 1;
            [[maybe_unused]] const ssize_t written = write(mWakeFd, &one, sizeof one);
        }
    }

    /// The thread owns the connections it polls: only it closes them, so no fd number it polls is reused.
    void run() {
        pthread_setname_np(pthread_self(), "adm-server-watch");
        std::vector<Connection> watched;
        for (;;) {
            std::vector<pollfd> fds{{mWakeFd, POLLIN, 0}};
            for (const Connection& c : watched) {
                fds.push_back({c.fd, POLLIN, 0});
            }
            if (poll(fds.data(), fds.size(), -1) < 0) {
                continue;  // EINTR
            }
            bool died = false;
            std::vector<Connection> kept;
            for (std::size_t i = 0; i < watched.size(); ++i) {
                Connection& c = watched[i];
                if ((fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) == 0 || stillOpen(c.fd)) {
                    kept.push_back(c);
                    continue;
                }
                close(c.fd);
                if (socketInode(c.path) == c.inode && soundServerSocketAnswers(c.path)) {
                    // The same server lives and only dropped us (PulseAudio drops a client that does not
                    // authenticate within a minute): connect again.
                    if (const int fd = connectUnixSocket(c.path); fd >= 0) {
                        kept.push_back(Connection{c.path, fd, c.generation, c.inode});
                    }
                } else {
                    died = true;  // gone, or another server (a restart) listens there now: ours died
                }
            }
            watched.swap(kept);
            {
                std::lock_guard<std::mutex> lock(mMutex);
                uint64_t drained = 0;
                [[maybe_unused]] const ssize_t read = ::read(mWakeFd, &drained, sizeof drained);
                std::vector<Connection> current;
                for (Connection& c : watched) {
                    if (c.generation == mGeneration) {
                        current.push_back(c);
                    } else {
                        close(c.fd);  // an unwatch() or a newer watch() came since
                    }
                }
                for (Connection& c : mAdopt) {
                    current.push_back(c);
                }
                mAdopt.clear();
                watched.swap(current);
            }
            if (died) {
                mDeaths.fetch_add(1, std::memory_order_acq_rel);
                HostEventBell::instance().ring();
            }
        }
    }

    /// Whether the connection is still open after poll() flagged it: data from the server is drained.
    static bool stillOpen(int fd) {
        char buffer[256];
        for (;;) {
            const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                continue;
            }
            return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
        }
    }

    std::mutex mMutex;
    uint64_t mGeneration = 0;            // guarded by mMutex
    std::vector<Connection> mAdopt;      // guarded by mMutex: connected, not yet the thread's
    bool mStarted = false;               // guarded by mMutex
    const int mWakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    std::atomic<uint64_t> mDeaths{0};
};

Watch& watch() {
    static Watch* const instance = std::make_unique<Watch>().release();  // its thread outlives exit()
    return *instance;
}

}  // namespace

void watchSoundServers() { watch().watch(); }

void unwatchSoundServers() { watch().unwatch(); }

uint64_t soundServerDeaths() noexcept { return watch().deaths(); }

}  // namespace adm
