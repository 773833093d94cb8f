// The thread through which a module calls into the audio host, so that no caller ever waits on the host
// longer than a deadline. A sound server that is stopped (SIGSTOP) or dead makes libjack and PortAudio wait
// without end (a client request, a 10-minute condition wait); here such a call is left behind on this
// thread, the caller gets "not answering" after the deadline, and every call after it fails at once until
// the stuck one returns. What a late call did is then undone by its `late` handler (an initialization
// balanced, a stream that opened too late closed). Idle, the thread sleeps on a condition variable: no
// periodic wake.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace adm {

class HostThread {
public:
    explicit HostThread(std::chrono::milliseconds deadline);
    /// Ends the thread once the work queued before has run; a thread stuck in the host is left behind.
    ~HostThread();
    HostThread(const HostThread&) = delete;
    HostThread& operator=(const HostThread&) = delete;

    /// What became of a call given to run().
    enum class Outcome {
        Answered,    ///< it ran and returned within the deadline
        NotRun,      ///< the host was not answering (a call is stuck), or it waited too long in the queue: never runs
        LeftBehind,  ///< it did not return in time: it goes on, and `late` runs once it has returned
    };

    /// Runs `call` on the host thread and waits for it up to the deadline.
    Outcome call(std::function<void()> call, std::function<void()> late = {}) {
        return callWithin(mDeadline, std::move(call), std::move(late));
    }

    /// As call(), with a deadline of its own (a host scan that may take seconds).
    Outcome callWithin(std::chrono::milliseconds deadline, std::function<void()> call, std::function<void()> late = {});

    /// call() == Outcome::Answered.
    bool run(std::function<void()> work, std::function<void()> late = {}) {
        return call(std::move(work), std::move(late)) == Outcome::Answered;
    }

    /// callWithin() == Outcome::Answered.
    bool runWithin(std::chrono::milliseconds deadline, std::function<void()> work, std::function<void()> late = {}) {
        return callWithin(deadline, std::move(work), std::move(late)) == Outcome::Answered;
    }

    /// Queues `work` for the host thread, behind what is queued and a stuck call; never waits.
    void defer(std::function<void()> work);

    /// False while a call that outlived its deadline has not returned.
    bool answering() const;

    std::chrono::milliseconds deadline() const noexcept { return mDeadline; }

private:
    struct Job {
        std::function<void()> call;
        std::function<void()> late;
        std::chrono::milliseconds deadline{0};
        bool started = false;
        bool done = false;
        bool abandoned = false;
    };
    /// Shared with the thread, so that a thread left behind in the host keeps what it uses.
    struct State {
        std::mutex mutex;
        std::condition_variable wake;  // the thread: work came, or stop
        std::condition_variable done;  // callers: a job finished
        std::condition_variable exited;  // the destructor: the thread is about to end
        std::deque<std::shared_ptr<Job>> queue;
        std::shared_ptr<Job> running;  // the job in the host, if any
        std::chrono::steady_clock::time_point runningSince;
        bool stopping = false;
        bool ended = false;

        /// The job in the host was left behind, or has been there longer than its deadline: the host is not
        /// answering. Mutex held.
        bool stuck() const {
            return running != nullptr &&
                   (running->abandoned || std::chrono::steady_clock::now() - runningSince >= running->deadline);
        }
    };

    static void serve(const std::shared_ptr<State>& state);

    const std::chrono::milliseconds mDeadline;
    const std::shared_ptr<State> mState = std::make_shared<State>();
    std::thread mThread;
};

}  // namespace adm
