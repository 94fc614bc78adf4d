<#
.SYNOPSIS
    The "cold" benchmark: what a script's first calls cost in a fresh process. Not a test (nothing asserts a time);
    run it by hand from the repository:
        dotnet pwsh ./tools/Measure-FirstCall.ps1 [-ModulePath ./out/Initializers[, ./other/Initializers]] [-Runs 5]
            [-Calls 15] [-Initializer RandomUniform, HeNormal] [-Shape 10000, 1000] [-ProcessorCount 0, 1]

.DESCRIPTION
    For every (processor count, initializer, module) it starts -Runs fresh `dotnet pwsh -NoProfile` processes in the
    repository (the way the project runs pwsh), each of which imports the module and times -Calls consecutive
    `New-Tensor -Initializer (New-Initializer <name> -Seed 1) -Shape <shape>` calls (float32, 1e7 elements by
    default). Each line reports, as the median over the fresh processes, the 1st, 2nd, 3rd and 5th call, the median
    of calls 2-5, and the steady state (the median of the process's last half of calls), in milliseconds, with the
    1st call and the worst of calls 2-5 over the steady state. A processor count of 0 is the machine's; 1 sets
    DOTNET_PROCESSOR_COUNT=1 (a one-core CI runner or container).

    Several -ModulePath values, and several -Environment variants (each 'NAME=VALUE;NAME2=VALUE', '' for none, for
    example -Environment '', 'DOTNET_TieredPGO=0'), are compared in the same run: every (module, environment) pair
    is a variant, and their processes are interleaved (run r of variant A, then run r of variant B, ...), so a
    change in the machine's load hits them alike. Compare ratios, not absolute
    times from another run: this machine is shared and its load moves the absolute figures.

    Finally it times Import-Module over a bare `pwsh -NoProfile -Command exit` (median of -Runs, interleaved).
    Orthogonal is left out of the default list: at 1e7 elements (10000 x 1000) it is a factorization of a second or
    more per call; pass -Initializer Orthogonal (with a smaller -Shape) to include it.
#>
param(
    [string[]] $ModulePath = @((Join-Path $PSScriptRoot '../out/Initializers')),
    [int] $Runs = 5,
    [int] $Calls = 15,
    [string[]] $Initializer = @('RandomUniform', 'RandomNormal', 'TruncatedNormal', 'GlorotUniform', 'GlorotNormal',
        'HeUniform', 'HeNormal', 'LecunUniform', 'LecunNormal', 'VarianceScaling'),
    [string[]] $Shape = @(10000, 1000),
    [string[]] $ProcessorCount = @(0, 1),
    [string[]] $Environment = @(''),
    [switch] $SkipImport
)
$ErrorActionPreference = 'Stop'
if ($Calls -lt 6) { throw "-Calls must be at least 6 (the 5th call and a steady state after it); got $Calls." }
# From bash (`dotnet pwsh ./tools/Measure-FirstCall.ps1 -Initializer A,B`) a list arrives as one string: split it.
$split = { param($values) @($values | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
$ModulePath = & $split $ModulePath
$Initializer = & $split $Initializer
$Shape = [int[]](& $split $Shape)
$ProcessorCount = [int[]](& $split $ProcessorCount)
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$modules = @($ModulePath | ForEach-Object { (Resolve-Path $_).Path })
# -Environment is split on ';' only (a list from bash arrives as one string: separate variants with '|' there).
$environments = @($Environment | ForEach-Object { $_ -split '\|' })
if ($environments.Count -eq 0) { $environments = @('') }
$variants = @(foreach ($mod in $modules) {
    foreach ($envText in $environments) {
        $vars = [ordered]@{}
        foreach ($pair in ($envText -split ';' | Where-Object { $_.Trim() })) {
            $name, $value = $pair -split '=', 2
            $vars[$name.Trim()] = $value
        }
        [pscustomobject]@{ Module = $mod; EnvironmentText = $envText; Variables = $vars }
    }
})

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

# Starts `dotnet pwsh` in the repository with the given command; returns its stdout lines and its wall time.
function Invoke-FreshPwsh([string] $Command, [int] $Processors, [System.Collections.IDictionary] $Variables = @{}) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in 'pwsh', '-NoProfile', '-NonInteractive', '-Command', $Command) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $repo
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.Environment.Remove('DOTNET_PROCESSOR_COUNT') | Out-Null
    if ($Processors -gt 0) { $psi.Environment['DOTNET_PROCESSOR_COUNT'] = "$Processors" }
    foreach ($key in $Variables.Keys) { $psi.Environment[$key] = $Variables[$key] }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $errTask = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $elapsed = $sw.Elapsed.TotalMilliseconds
    $err = $errTask.Result
    if ($p.ExitCode -ne 0 -or $err) { throw "pwsh exited with $($p.ExitCode): $err" }
    [pscustomobject]@{ Lines = @($out -split "`r?`n" | Where-Object { $_ }); Milliseconds = $elapsed }
}

$shapeText = $Shape -join ','
$elements = 1L; foreach ($d in $Shape) { $elements *= $d }
"Measure-FirstCall: $(Get-Date -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC; load average: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -replace '^(\S+ \S+ \S+).*', '$1'); " +
"$([Environment]::ProcessorCount) cores; shape $shapeText ($elements float32 elements); $Runs fresh processes x $Calls calls each; times in ms, medians over the processes."
for ($v = 0; $v -lt $variants.Count; $v++) {
    "variant [$v]: $($variants[$v].Module)" + $(if ($variants[$v].EnvironmentText) { " with $($variants[$v].EnvironmentText)" })
}

$child = @'
$ErrorActionPreference = 'Stop'
Import-Module '{0}'
$init = New-Initializer {1} -Seed 1
$shape = [int[]]({2})
for ($c = 0; $c -lt {3}; $c++) {{
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $null = New-Tensor -Initializer $init -Shape $shape
    $sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
}}
'@

$rows = foreach ($processors in $ProcessorCount) {
    foreach ($name in $Initializer) {
        $samples = @{}
        for ($v = 0; $v -lt $variants.Count; $v++) { $samples[$v] = [System.Collections.Generic.List[double[]]]::new() }
        for ($r = 0; $r -lt $Runs; $r++) {
            for ($v = 0; $v -lt $variants.Count; $v++) {
                $command = $child -f $variants[$v].Module, $name, $shapeText, $Calls
                $lines = (Invoke-FreshPwsh $command $processors $variants[$v].Variables).Lines
                $samples[$v].Add([double[]]@($lines | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }))
            }
        }
        for ($v = 0; $v -lt $variants.Count; $v++) {
            $runsOf = $samples[$v]
            $steadyFrom = [int][math]::Floor($Calls / 2)
            $steady = Get-Median @($runsOf | ForEach-Object { Get-Median $_[$steadyFrom..($Calls - 1)] })
            $call = { param($i) Get-Median @($runsOf | ForEach-Object { $_[$i] }) }
            $calls25 = Get-Median @($runsOf | ForEach-Object { Get-Median $_[1..4] })
            $worst25 = Get-Median @($runsOf | ForEach-Object { ($_[1..4] | Measure-Object -Maximum).Maximum })
            [pscustomobject]@{
                Cpus = if ($processors -gt 0) { "$processors" } else { "$([Environment]::ProcessorCount)" }
                Initializer = $name
                Variant = $v
                '1st' = [math]::Round((& $call 0), 1)
                '2nd' = [math]::Round((& $call 1), 1)
                '3rd' = [math]::Round((& $call 2), 1)
                '5th' = [math]::Round((& $call 4), 1)
                'Med2-5' = [math]::Round($calls25, 1)
                Steady = [math]::Round($steady, 1)
                '1st/St' = [math]::Round((& $call 0) / $steady, 2)
                'Max2-5/St' = [math]::Round($worst25 / $steady, 2)
            }
        }
    }
}
$rows | Format-Table -Property * | Out-String -Width 250

if (-not $SkipImport) {
    $bare = [System.Collections.Generic.List[double]]::new()
    $imports = @{}
    for ($v = 0; $v -lt $variants.Count; $v++) { $imports[$v] = [System.Collections.Generic.List[double]]::new() }
    $null = Invoke-FreshPwsh 'exit' 0   # warm the disk cache
    for ($r = 0; $r -lt [math]::Max($Runs, 5); $r++) {
        $bare.Add((Invoke-FreshPwsh 'exit' 0).Milliseconds)
        for ($v = 0; $v -lt $variants.Count; $v++) {
            $imports[$v].Add((Invoke-FreshPwsh "Import-Module '$($variants[$v].Module)'; exit" 0 $variants[$v].Variables).Milliseconds)
        }
    }
    $bareMedian = Get-Median $bare
    "dotnet pwsh start (median of $($bare.Count)): {0:N0} ms" -f $bareMedian
    for ($v = 0; $v -lt $variants.Count; $v++) {
        $median = Get-Median $imports[$v]
        "dotnet pwsh start + Import-Module, variant [$v]: {0:N0} ms (+{1:N0} ms over bare pwsh)" -f $median, ($median - $bareMedian)
    }
}
"load average at the end: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -replace '^(\S+ \S+ \S+).*', '$1')"
