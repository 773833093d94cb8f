// DeviceWatch on Linux: inotify on the watched directories and an eventfd for pokes, both polled by one
// thread that sleeps until one of them has something.
#include "DeviceWatch.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "HostEventBell.h"

namespace adm {

struct DeviceWatch::State {
    std::vector<WatchedDirectory> directories;
    std::chrono::milliseconds settle{0};
    const int inotifyFd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    const int pokeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    std::map<int, std::size_t> watchDirectory;  // inotify watch descriptor -> directory; the thread's

    std::mutex mutex;                                         // held while the subscribers are called
    std::map<uint64_t, std::function<void()>> subscribers;   // guarded by mutex
    uint64_t next = 1;                                        // guarded by mutex
    bool stopping = false;                                    // guarded by mutex
    std::thread thread;                                       // guarded by mutex: started by the first add()

    ~State() {
        close(inotifyFd);
        close(pokeFd);
    }

    void signal() const {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t written = write(pokeFd, &one, sizeof one);
    }

    /// Whether what is waiting on the inotify fd counts (drained either way).
    bool drainDirectoryEvents() {
        alignas(inotify_event) char buffer[4096];
        bool counts = false;
        for (;;) {
            const ssize_t n = read(inotifyFd, buffer, sizeof buffer);
            if (n <= 0) {
                return counts;
            }
            for (ssize_t at = 0; at < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
                auto dir = watchDirectory.find(event->wd);
                if (event->len > 0 && dir != watchDirectory.end() && directories[dir->second].counts(event->name)) {
                    counts = true;
                }
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
    }

    bool drainPokes() const {
        uint64_t count = 0;
        return read(pokeFd, &count, sizeof count) > 0;
    }

    void run() {
        pthread_setname_np(pthread_self(), "adm-device-watch");
        for (std::size_t i = 0; i < directories.size(); ++i) {
            const int wd = inotify_add_watch(inotifyFd, directories[i].path.c_str(),
                                             IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO);
            if (wd >= 0) {
                watchDirectory[wd] = i;  // a directory that is not there (no /dev/snd) is simply not watched
            }
        }
        pollfd fds[2] = {{inotifyFd, POLLIN, 0}, {pokeFd, POLLIN, 0}};
        bool pending = false;
        for (;;) {
            // Asleep until something happens; once it has, until things have been quiet for `settle`.
            const int ready = poll(fds, 2, pending ? static_cast<int>(settle.count()) : -1);
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (stopping) {
                    return;
                }
            }
            if (ready > 0) {
                const bool directory = (fds[0].revents & POLLIN) != 0 && drainDirectoryEvents();
                const bool poked = (fds[1].revents & POLLIN) != 0 && drainPokes();
                pending = pending || directory || poked;
                continue;
            }
            if (ready == 0 && pending) {
                pending = false;
                std::lock_guard<std::mutex> lock(mutex);
                for (auto& [token, changed] : subscribers) {
                    changed();
                }
            }
        }
    }
};

DeviceWatch::DeviceWatch(std::vector<WatchedDirectory> directories, std::chrono::milliseconds settle)
    : mState(std::make_shared<State>()) {
    mState->directories = std::move(directories);
    mState->settle = settle;
}

DeviceWatch::~DeviceWatch() {
    std::thread thread;
    {
        std::lock_guard<std::mutex> lock(mState->mutex);
        mState->stopping = true;
        thread = std::move(mState->thread);
    }
    mState->signal();
    if (thread.joinable()) {
        thread.join();
    }
}

uint64_t DeviceWatch::add(std::function<void()> changed) {
    std::lock_guard<std::mutex> lock(mState->mutex);
    const uint64_t token = mState->next++;
    mState->subscribers.emplace(token, std::move(changed));
    if (!mState->thread.joinable() && mState->inotifyFd >= 0 && mState->pokeFd >= 0) {
        mState->thread = std::thread([state = mState] { state->run(); });
    }
    return token;
}

void DeviceWatch::remove(uint64_t token) {
    std::lock_guard<std::mutex> lock(mState->mutex);  // waits for a call in progress
    mState->subscribers.erase(token);
}

void DeviceWatch::poke() { mState->signal(); }

DeviceWatch& DeviceWatch::instance() {
    static DeviceWatch* const watch = [] {
        const char* snd = std::getenv("ADMBRIDGE_DEV_SND_DIR");
        auto* made = std::make_unique<DeviceWatch>(
                         std::vector<WatchedDirectory>{
                             {snd != nullptr && snd[0] != '\0' ? snd : "/dev/snd", &isSoundCardNode},
                             {"/dev/shm", &isJackServerSocket}},
                         std::chrono::milliseconds(250))
                         .release();  // never destroyed: its thread may be calling a module at exit
        HostEventBell::instance().add([made] { made->poke(); });
        return made;
    }();
    return *watch;
}

}  // namespace adm
