"""Reminder channels besides the bell and e-mail: Zalo (Bot Platform, or ZNS by phone number),
Web Push and SMS. One transport class per channel behind one interface (``base.Transport``);
``registry.available()`` lists the channels whose configuration is complete, so a channel with
no configuration is simply not offered. Delivery and its ledger: ``notifications.delivery``."""
