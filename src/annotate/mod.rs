//! Annotations: labels, anchors, the on-disk store (being written).
