/** An example desktop app on admbridge: opens the module, lists devices, plays a tone, reports events. */
module dev.admbridge.example {
    requires dev.admbridge;

    exports dev.admbridge.example;
}
