// The death watch of the sound servers behind ALSA (SoundServerWatch.cpp), against a server of the test's own:
// a Unix socket where PIPEWIRE_REMOTE points, which accepts and then dies (or only drops the connection).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "AlsaHost.h"
#include "HostEventBell.h"
#include "UnixSocket.h"

namespace {

using namespace std::chrono_literals;

/// A listening socket at a path of its own that PipeWire's clients (and so the watch) find through
/// PIPEWIRE_REMOTE; a PulseAudio socket is kept out of reach.
class FakeServer {
public:
    FakeServer() : mPath("/tmp/admbridge-fake-pipewire-" + std::to_string(getpid())) {
        unlink(mPath.c_str());
        setenv("PIPEWIRE_REMOTE", mPath.c_str(), 1);
        setenv("PULSE_SERVER", "tcp:nowhere", 1);  // not watched
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, mPath.c_str(), sizeof(address.sun_path) - 1);
        mListener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        bound = mListener >= 0 && bind(mListener, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
                listen(mListener, 8) == 0;
        struct stat st {};
        mInode = stat(mPath.c_str(), &st) == 0 ? st.st_ino : 0;
    }

    ~FakeServer() {
        dropClients();
        die();
        struct stat st {};
        if (stat(mPath.c_str(), &st) == 0 && st.st_ino == mInode) {
            unlink(mPath.c_str());  // ours, not a later server's
        }
    }

    /// Takes the connections waiting in the backlog and keeps those still open after a moment (the watch's; a
    /// probe that only asked whether the server answers closes its own at once), so that it can close them
    /// later. Returns how many it kept.
    int acceptWaiting(std::chrono::milliseconds within) {
        std::vector<int> accepted;
        pollfd fd{mListener, POLLIN, 0};
        while (poll(&fd, 1, static_cast<int>(within.count())) > 0) {
            if (const int client = accept(mListener, nullptr, nullptr); client >= 0) {
                accepted.push_back(client);
            }
            within = 50ms;
        }
        int kept = 0;
        for (const int client : accepted) {
            char byte;
            if (recv(client, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
                close(client);  // closed by its client: a probe
            } else {
                mClients[mCount++ % kMax] = client;
                ++kept;
            }
        }
        return kept;
    }

    /// Closes the connections it accepted, and keeps listening (as PulseAudio drops a client that does not
    /// authenticate).
    void dropClients() {
        for (int i = 0; i < mCount && i < kMax; ++i) {
            close(mClients[i]);
        }
        mCount = 0;
    }

    /// The server dies: no one listens, the socket file stays (as after kill -9).
    void die() {
        if (mListener >= 0) {
            close(mListener);
            mListener = -1;
        }
    }

    bool bound = false;

private:
    static constexpr int kMax = 16;
    std::string mPath;
    ino_t mInode = 0;
    int mListener = -1;
    int mClients[kMax] = {};
    int mCount = 0;
};

bool awaitDeaths(uint64_t wanted, std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (adm::soundServerDeaths() < wanted) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

}  // namespace

TEST(SoundServerWatch, SeesAServerDieAtOnceAndRingsTheBell) {
    FakeServer server;
    ASSERT_TRUE(server.bound);
    std::atomic<int> rings{0};
    const uint64_t token = adm::HostEventBell::instance().add([&rings] { ++rings; });
    const uint64_t before = adm::soundServerDeaths();
    adm::watchSoundServers();
    ASSERT_EQ(server.acceptWaiting(1000ms), 1) << "the watch did not connect";
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(adm::soundServerDeaths(), before) << "a death while the server lives";
    const auto died = std::chrono::steady_clock::now();
    server.die();
    server.dropClients();  // the kernel closes a dead server's connections
    ASSERT_TRUE(awaitDeaths(before + 1, 1000ms));
    EXPECT_LT(std::chrono::steady_clock::now() - died, 200ms);
    EXPECT_GE(rings.load(), 1);
    adm::HostEventBell::instance().remove(token);
    adm::unwatchSoundServers();
}

TEST(SoundServerWatch, ADroppedConnectionOfALivingServerIsNoDeathAndIsMadeAgain) {
    FakeServer server;
    ASSERT_TRUE(server.bound);
    const uint64_t before = adm::soundServerDeaths();
    adm::watchSoundServers();
    ASSERT_EQ(server.acceptWaiting(1000ms), 1);
    server.dropClients();  // the server lives, and drops us
    EXPECT_EQ(server.acceptWaiting(1000ms), 1) << "the watch did not connect again";
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(adm::soundServerDeaths(), before);
    adm::unwatchSoundServers();
}

// A server killed and started again at once: when the watch looks, a server answers at the path, but it is
// another one (a new socket file), so ours died.
TEST(SoundServerWatch, AServerThatIsAlreadyBackAfterItsDeathStillCountsAsDead) {
    const uint64_t before = adm::soundServerDeaths();
    auto server = std::make_unique<FakeServer>();
    ASSERT_TRUE(server->bound);
    adm::watchSoundServers();
    ASSERT_EQ(server->acceptWaiting(1000ms), 1);
    server->die();
    FakeServer next;  // a new socket at the same path, listening before the old connections close
    ASSERT_TRUE(next.bound);
    server.reset();  // the dead server's connections close
    EXPECT_TRUE(awaitDeaths(before + 1, 1000ms));
    adm::unwatchSoundServers();
}

TEST(SoundServerWatch, AnUnwatchedServerIsNotWatched) {
    FakeServer server;
    ASSERT_TRUE(server.bound);
    const uint64_t before = adm::soundServerDeaths();
    adm::watchSoundServers();
    ASSERT_EQ(server.acceptWaiting(1000ms), 1);
    adm::unwatchSoundServers();
    std::this_thread::sleep_for(100ms);
    server.die();
    server.dropClients();
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(adm::soundServerDeaths(), before) << "the death of a server no longer watched was counted";
}

TEST(UnixSocket, AnswersOnlyWhereAServerListens) {
    FakeServer server;
    ASSERT_TRUE(server.bound);
    EXPECT_TRUE(adm::unixSocketAnswers("/tmp/admbridge-fake-pipewire-" + std::to_string(getpid())));
    server.die();
    EXPECT_FALSE(adm::unixSocketAnswers("/tmp/admbridge-fake-pipewire-" + std::to_string(getpid()))) << "a stale file";
    EXPECT_FALSE(adm::unixSocketAnswers("/tmp/admbridge-no-such-socket"));
    EXPECT_TRUE(adm::unixSocketAnswers(std::string(200, 'x'))) << "a path that cannot be asked counts as alive";
}
