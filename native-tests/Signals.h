// Test signals for the detector tests and benchmark, generated in memory (mono, float, full scale 1.0;
// a sine of amplitude 1 is 0 dBFS). Deterministic: every generator takes its own seed.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace adm::test {

constexpr double kPi = 3.14159265358979323846;

inline double dbToAmplitude(double db) { return std::pow(10.0, db / 20.0); }

inline std::vector<float> silence(double rate, double seconds) {
    return std::vector<float>(static_cast<std::size_t>(rate * seconds), 0.0f);
}

inline std::vector<float> sine(double rate, double seconds, double hz, double dbfs) {
    std::vector<float> out(static_cast<std::size_t>(rate * seconds));
    const double a = dbToAmplitude(dbfs);
    for (std::size_t n = 0; n < out.size(); ++n) {
        out[n] = static_cast<float>(a * std::sin(2 * kPi * hz * static_cast<double>(n) / rate));
    }
    return out;
}

/// A synthetic howl: a tone whose level rises linearly in dB (an unstable loop grows exponentially) from
/// `fromDbfs` to `toDbfs` in `riseSeconds`, starting at `startSeconds` (silence before), then holds.
inline std::vector<float> growingTone(double rate, double seconds, double hz, double fromDbfs, double toDbfs,
                                      double riseSeconds, double startSeconds = 0) {
    std::vector<float> out(static_cast<std::size_t>(rate * seconds), 0.0f);
    for (std::size_t n = static_cast<std::size_t>(rate * startSeconds); n < out.size(); ++n) {
        const double t = static_cast<double>(n) / rate - startSeconds;
        const double db = fromDbfs + (toDbfs - fromDbfs) * std::min(1.0, t / riseSeconds);
        out[n] = static_cast<float>(dbToAmplitude(db) * std::sin(2 * kPi * hz * static_cast<double>(n) / rate));
    }
    return out;
}

/// A note with `harmonics` partials of amplitude 1/k (a bright instrument), peak about `dbfs`.
inline std::vector<float> harmonicNote(double rate, double seconds, double hz, double dbfs, int harmonics = 8) {
    std::vector<float> out(static_cast<std::size_t>(rate * seconds), 0.0f);
    const double a = dbToAmplitude(dbfs) / 2.0;
    for (int k = 1; k <= harmonics && k * hz < rate / 2; ++k) {
        for (std::size_t n = 0; n < out.size(); ++n) {
            out[n] += static_cast<float>(a / k * std::sin(2 * kPi * k * hz * static_cast<double>(n) / rate + k));
        }
    }
    return out;
}

inline std::vector<float> whiteNoise(double rate, double seconds, double dbfs, uint32_t seed) {
    std::mt19937 random(seed);
    std::normal_distribution<double> normal(0.0, dbToAmplitude(dbfs) / std::sqrt(2.0));  // RMS of a sine of that peak
    std::vector<float> out(static_cast<std::size_t>(rate * seconds));
    for (float& x : out) {
        x = static_cast<float>(normal(random));
    }
    return out;
}

/// Logarithmic sweep from f0 to f1.
inline std::vector<float> sweep(double rate, double seconds, double f0, double f1, double dbfs) {
    std::vector<float> out(static_cast<std::size_t>(rate * seconds));
    const double a = dbToAmplitude(dbfs);
    const double k = std::log(f1 / f0);
    for (std::size_t n = 0; n < out.size(); ++n) {
        const double t = static_cast<double>(n) / rate;
        const double phase = 2 * kPi * f0 * seconds / k * (std::exp(t / seconds * k) - 1.0);
        out[n] = static_cast<float>(a * std::sin(phase));
    }
    return out;
}

/// DTMF digits, `toneSeconds` on and `gapSeconds` off each.
inline std::vector<float> dtmf(double rate, const char* digits, double toneSeconds, double gapSeconds, double dbfs) {
    static const char* kKeys = "123A456B789C*0#D";
    static const double kLow[] = {697, 770, 852, 941};
    static const double kHigh[] = {1209, 1336, 1477, 1633};
    std::vector<float> out;
    const double a = dbToAmplitude(dbfs) / 2.0;
    for (const char* d = digits; *d != 0; ++d) {
        int index = 0;
        while (kKeys[index] != 0 && kKeys[index] != *d) {
            ++index;
        }
        const double lo = kLow[index / 4];
        const double hi = kHigh[index % 4];
        const auto tone = static_cast<std::size_t>(rate * toneSeconds);
        for (std::size_t n = 0; n < tone; ++n) {
            const double t = static_cast<double>(n) / rate;
            out.push_back(static_cast<float>(a * (std::sin(2 * kPi * lo * t) + std::sin(2 * kPi * hi * t))));
        }
        out.resize(out.size() + static_cast<std::size_t>(rate * gapSeconds), 0.0f);
    }
    return out;
}

/// A room: exponentially decaying noise after a direct-path delay, band-limited like a loudspeaker and
/// a microphone (2nd-order high-pass at `highPassHz`, low-pass at `lowPassHz`: 200 Hz - 5 kHz, or a
/// tweeter's 7 - 14 kHz for loops that howl above 8 kHz).
inline std::vector<double> roomImpulseResponse(double rate, std::size_t length, double t60, uint32_t seed,
                                               double highPassHz = 200, double lowPassHz = 5000) {
    std::mt19937 random(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> h(length, 0.0);
    const std::size_t direct = static_cast<std::size_t>(0.002 * rate);
    for (std::size_t n = direct; n < length; ++n) {
        const double t = static_cast<double>(n - direct) / rate;
        h[n] = normal(random) * std::pow(10.0, -3.0 * t / t60);
    }
    auto biquad = [&](double b0, double b1, double b2, double a1, double a2) {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (double& v : h) {
            const double y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1; x1 = v; y2 = y1; y1 = y; v = y;
        }
    };
    const double q = std::sqrt(0.5);
    {  // RBJ high-pass
        const double w = 2 * kPi * highPassHz / rate, alpha = std::sin(w) / (2 * q), c = std::cos(w), a0 = 1 + alpha;
        biquad((1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0, -2 * c / a0, (1 - alpha) / a0);
    }
    {  // RBJ low-pass
        const double w = 2 * kPi * lowPassHz / rate, alpha = std::sin(w) / (2 * q), c = std::cos(w), a0 = 1 + alpha;
        biquad((1 - c) / 2 / a0, (1 - c) / a0, (1 - c) / 2 / a0, -2 * c / a0, (1 - alpha) / a0);
    }
    return h;
}

/// The spectrum of `h` zero-padded to at least 65536 points (radix-2 FFT), bins 0..n/2.
inline std::vector<std::complex<double>> spectrum(const std::vector<double>& h, std::size_t& n) {
    n = 1;
    while (n < 16 * h.size() || n < 65536) {
        n <<= 1;
    }
    std::vector<std::complex<double>> x(n);
    for (std::size_t i = 0; i < h.size(); ++i) {
        x[i] = h[i];
    }
    for (std::size_t i = 1, j = 0; i < n; ++i) {  // bit reversal
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) {
            j ^= bit;
        }
        j ^= bit;
        if (i < j) {
            std::swap(x[i], x[j]);
        }
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const std::complex<double> w = std::polar(1.0, -2 * kPi / static_cast<double>(len));
        for (std::size_t i = 0; i < n; i += len) {
            std::complex<double> wk = 1.0;
            for (std::size_t k = 0; k < len / 2; ++k) {
                const auto u = x[i + k], v = x[i + k + len / 2] * wk;
                x[i + k] = u + v;
                x[i + k + len / 2] = u - v;
                wk *= w;
            }
        }
    }
    x.resize(n / 2 + 1);
    return x;
}

/**
 * The maximum stable gain of the loop "microphone = x + h * loudspeaker, loudspeaker = g * microphone
 * delayed by `delay` samples" (Nyquist): 1 / the largest |H(f)| among the frequencies where the open
 * loop's phase, arg H(f) - 2 pi f delay / rate, is a multiple of 2 pi (interpolated between bins).
 */
inline double maximumStableGain(const std::vector<double>& h, std::size_t delay) {
    std::size_t n = 0;
    const std::vector<std::complex<double>> H = spectrum(h, n);
    double worst = 0;
    std::complex<double> previous;
    for (std::size_t k = 0; k < H.size(); ++k) {
        const std::complex<double> open = H[k] * std::polar(1.0, -2 * kPi * static_cast<double>(k * delay) / static_cast<double>(n));
        if (k > 0 && (previous.imag() < 0) != (open.imag() < 0)) {
            const double t = previous.imag() / (previous.imag() - open.imag());
            const std::complex<double> at = previous + t * (open - previous);
            if (at.real() > 0) {
                worst = std::max(worst, at.real());
            }
        }
        previous = open;
    }
    return 1.0 / worst;
}

/// Onset of howling: the feedback at the microphone 10 dB above the talker's active level.
constexpr double kOnsetAboveTalker = 10.0;

/// A simulated closed loop (see feedbackLoop).
struct Loop {
    std::vector<float> mic;     ///< what the microphone records (clipped to full scale)
    double onsetSeconds = -1;   ///< when the feedback at the microphone first rose 10 dB above the talker
};

/// One stretch of a loop (feedbackLoop): from `fromSeconds` on, this room at this margin.
struct LoopStretch {
    std::vector<double> room;  ///< impulse response (roomImpulseResponse)
    double marginDb;           ///< loop gain relative to the room's maximum stable gain
    double fromSeconds;
};

/**
 * A closed acoustic loop: microphone = excitation + room * loudspeaker; loudspeaker = tanh(gain *
 * microphone delayed by `delaySeconds`). The loop is open before the first stretch, then each stretch sets
 * its room and gain (a second stretch with another room makes the howl jump to another frequency).
 * Onset: the first 10 ms step after the first stretch where the feedback's contribution at the microphone
 * (50 ms RMS) is 10 dB above the excitation's mean power over its active (above -50 dBFS) 50 ms blocks:
 * the howl is then plainly louder than the talker.
 */
inline Loop feedbackLoop(double rate, const std::vector<float>& excitation, const std::vector<LoopStretch>& stretches,
                         double delaySeconds = 0.010) {
    const auto delay = static_cast<std::size_t>(delaySeconds * rate);
    std::vector<double> gains;
    std::vector<std::size_t> starts;
    for (const LoopStretch& s : stretches) {
        gains.push_back(std::pow(10.0, s.marginDb / 20.0) * maximumStableGain(s.room, delay));
        starts.push_back(static_cast<std::size_t>(s.fromSeconds * rate));
    }
    const std::size_t closeAt = starts.front();
    std::vector<double> speaker(excitation.size(), 0.0);
    std::vector<double> feedback(excitation.size(), 0.0);
    Loop loop;
    loop.mic.resize(excitation.size());
    std::size_t current = 0;  // the stretch of the microphone's sample n
    for (std::size_t n = 0; n < excitation.size(); ++n) {
        while (current + 1 < starts.size() && n >= starts[current + 1]) {
            ++current;
        }
        const std::vector<double>& h = stretches[current].room;
        double acoustic = 0;
        const std::size_t taps = std::min(h.size(), n + 1);
        for (std::size_t k = 0; k < taps; ++k) {
            acoustic += h[k] * speaker[n - k];
        }
        feedback[n] = acoustic;
        const double mic = excitation[n] + acoustic;
        if (n + delay < speaker.size() && n + delay >= closeAt) {
            std::size_t at = 0;  // the stretch of the loudspeaker's sample n + delay
            while (at + 1 < starts.size() && n + delay >= starts[at + 1]) {
                ++at;
            }
            speaker[n + delay] = std::tanh(gains[at] * mic);
        }
        loop.mic[n] = static_cast<float>(std::max(-1.0, std::min(1.0, mic)));
    }
    const auto block = static_cast<std::size_t>(0.05 * rate);
    const auto blockSize = static_cast<double>(block);
    const auto step = static_cast<std::size_t>(0.01 * rate);
    double active = 0;
    std::size_t activeBlocks = 0;
    for (std::size_t b = 0; b + block <= excitation.size(); b += block) {
        double sum = 0;
        for (std::size_t i = b; i < b + block; ++i) {
            sum += static_cast<double>(excitation[i]) * static_cast<double>(excitation[i]);
        }
        if (sum / blockSize > 1e-5 * 0.5) {  // above -50 dBFS
            active += sum / blockSize;
            ++activeBlocks;
        }
    }
    const double talker = activeBlocks > 0 ? active / static_cast<double>(activeBlocks) : 1e-12;
    for (std::size_t b = closeAt; b + block <= excitation.size(); b += step) {
        double sum = 0;
        for (std::size_t i = b; i < b + block; ++i) {
            sum += feedback[i] * feedback[i];
        }
        if (sum / blockSize >= kOnsetAboveTalker * talker) {
            loop.onsetSeconds = static_cast<double>(b + block) / rate;
            break;
        }
    }
    return loop;
}

/// The loop of a room from Signals' generator (seed, band) at `marginDb`, closed at `closeAtSeconds`.
inline Loop feedbackLoop(double rate, const std::vector<float>& excitation, double marginDb, double closeAtSeconds,
                         uint32_t seed, double delaySeconds = 0.010) {
    const std::vector<double> h = roomImpulseResponse(rate, static_cast<std::size_t>(0.04 * rate), 0.1, seed);
    return feedbackLoop(rate, excitation, {LoopStretch{h, marginDb, closeAtSeconds}}, delaySeconds);
}

/// The amplitude of the component of `x` at `hz` over the `seconds` before `endSeconds` (Hann-windowed
/// DFT at that frequency), in dBFS.
inline double levelAt(const std::vector<float>& x, double rate, double endSeconds, double seconds, double hz) {
    const auto end = std::min(x.size(), static_cast<std::size_t>(endSeconds * rate));
    const auto n = std::min(end, static_cast<std::size_t>(seconds * rate));
    double re = 0, im = 0, sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = 0.5 - 0.5 * std::cos(2 * kPi * static_cast<double>(i) / static_cast<double>(n));
        const std::size_t at = end - n + i;
        const double phase = 2 * kPi * hz * static_cast<double>(at) / rate;
        re += w * x[at] * std::cos(phase);
        im -= w * x[at] * std::sin(phase);
        sum += w;
    }
    return 20 * std::log10(2 * std::sqrt(re * re + im * im) / std::max(sum, 1e-12) + 1e-12);
}

/// The frequency of the strongest component of `x` over the `seconds` before `endSeconds`, to 0.5 Hz: a
/// 5 Hz grid over 50 Hz - 0.48 x rate on a 0.1 s window, then refined on the whole span.
inline double dominantHz(const std::vector<float>& x, double rate, double endSeconds, double seconds) {
    double best = -1e9, bestHz = 0;
    for (double hz = 50; hz < 0.48 * rate; hz += 5) {
        const double level = levelAt(x, rate, endSeconds, 0.1, hz);
        if (level > best) {
            best = level;
            bestHz = hz;
        }
    }
    const double coarse = bestHz;
    best = -1e9;
    for (double hz = coarse - 10; hz <= coarse + 10; hz += 0.5) {
        const double level = levelAt(x, rate, endSeconds, seconds, hz);
        if (level > best) {
            best = level;
            bestHz = hz;
        }
    }
    return bestHz;
}

/// Interleaves a mono signal into `channels` identical channels.
inline std::vector<float> interleave(const std::vector<float>& mono, int channels) {
    std::vector<float> out(mono.size() * static_cast<std::size_t>(channels));
    for (std::size_t n = 0; n < mono.size(); ++n) {
        for (int c = 0; c < channels; ++c) {
            out[n * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = mono[n];
        }
    }
    return out;
}

inline std::vector<float> concat(std::vector<float> a, const std::vector<float>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace adm::test
