# Checks the initiation interval Vitis HLS reached on every pipelined loop of a synthesis log.
# Generated projects run it after csynth (make csynth); it needs only tclsh.
#
#   tclsh scripts/zf_check_ii.tcl LOG [PREFIX]
#
# Compute loops are the loops whose label starts with PREFIX (default zf_compute; the kernels
# label them with ZF_LOOP_LABEL). Exit 0 when every compute loop reached II = 1, 1 when one did
# not or the log reports none (synthesis did not run, or the labels were lost), 2 on bad usage.
# Other pipelined loops are listed for information: their II is not part of the verdict.

proc usage {message} {
    puts stderr "zf_check_ii: $message"
    puts stderr "usage: tclsh zf_check_ii.tcl LOG \[PREFIX\]"
    exit 2
}

if {[llength $argv] < 1 || [llength $argv] > 2} { usage "expected a log file and an optional loop-label prefix" }
set log_path [lindex $argv 0]
set prefix [expr {[llength $argv] == 2 ? [lindex $argv 1] : "zf_compute"}]
if {![file readable $log_path]} { usage "cannot read the log '$log_path'" }

# Vitis HLS names the loop on the result line; Vivado HLS names it on the line before.
set result_pattern {Pipelining result : Target II = ([^,]+), Final II = ([0-9]+), Depth = ([0-9]+)(?:, (loop|function) '([^']+)')?}
set announce_pattern {Pipelining (loop|function) '([^']+)'}

set rows {}
set pending_kind ""
set pending_name ""
set handle [open $log_path r]
while {[gets $handle line] >= 0} {
    if {[regexp $result_pattern $line -> target final depth kind name]} {
        if {$name eq ""} {
            set kind $pending_kind
            set name $pending_name
        }
        if {$kind eq "loop"} { lappend rows [list $name $target $final $depth] }
        set pending_name ""
        set pending_kind ""
    } elseif {[regexp $announce_pattern $line -> kind name]} {
        set pending_kind $kind
        set pending_name $name
    }
}
close $handle

set compute 0
set failures {}
puts [format "%-48s %6s %6s %6s  %s" loop target final depth verdict]
foreach row $rows {
    lassign $row name target final depth
    # Loops Vitis flattens into one carry every label, joined by '_'.
    if {[string first $prefix $name] >= 0} {
        incr compute
        set verdict [expr {$final == 1 ? "compute, II = 1" : "compute, II = $final: FAIL"}]
        if {$final != 1} { lappend failures "'$name' reached II = $final (target $target)" }
    } else {
        set verdict "not a compute loop"
    }
    puts [format "%-48s %6s %6s %6s  %s" $name $target $final $depth $verdict]
}

if {$compute == 0} {
    puts stderr "zf_check_ii: FAIL: '$log_path' reports no pipelined loop labelled $prefix* (did csynth run on this project?)"
    exit 1
}
if {[llength $failures] > 0} {
    foreach failure $failures { puts stderr "zf_check_ii: FAIL: compute loop $failure" }
    exit 1
}
puts "zf_check_ii: $compute compute loop(s), every one at II = 1"
exit 0
