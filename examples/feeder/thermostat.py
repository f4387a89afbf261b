# The control script of a simulated greenhouse. The host (main.cpp) owns the
# physics and the sensor; this script owns the policy. They talk only
# through two channels, so the script never calls the host and the host
# never has to know how the policy is written:
#
#   host --readings--> thermostat tasklet --commands--> host
#
# Temperatures are integers in tenths of a degree (215 = 21.5 C), which keeps
# the control law exact and the output reproducible.
import stackless

readings = stackless.channel()
commands = stackless.channel()

LOW, HIGH = 200, 215   # keep the smoothed temperature inside this band


def thermostat():
    # Smooth the sensor over the last three readings, so one noisy value
    # does not toggle the heater.
    recent = []
    power = 0
    seen = 0
    for reading in readings:
        seen += 1
        recent.append(reading)
        if len(recent) > 3:
            del recent[0]
        smoothed = sum(recent) // len(recent)
        if smoothed < LOW - 10:
            wanted = 3            # far too cold: full power
        elif smoothed < LOW:
            wanted = 1            # a little cold: gentle heating
        elif smoothed > HIGH:
            wanted = 0
        else:
            wanted = power        # inside the band: hysteresis, keep going
        # Only changes are sent: the host must not rely on one answer per
        # reading, which is why it polls with try_receive().
        if wanted != power:
            power = wanted
            commands.send(power)
    # The host ended the stream (see shutdown()); report how many readings
    # were seen, so the host can check that none was lost.
    commands.send(seen)


def shutdown():
    # Called by the host at the end. The thermostat is blocked in receive(),
    # so ending its `for` loop takes send_exception(StopIteration): close()
    # would not wake it.
    readings.send_exception(StopIteration)

