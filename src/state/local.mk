# state: binding cache and binding update list (pure data, timers through core/loop)
