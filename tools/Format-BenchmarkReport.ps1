<#
.SYNOPSIS
    Turns a BenchmarkDotNet run (build.ps1 Bench) and a torch-bench run into the tables of docs/benchmarks.md.
.DESCRIPTION
    Reads BenchmarkDotNet.Artifacts/results/*-report.csv and the peer's results.csv (../shared/peers/torch-bench,
    run with --out), and prints Markdown: every row as a median, elements/s, the ratio to the limit row (new float[n],
    or new float[n] + Span.Fill for Ones and Constant) and the ratio to libtorch at the same thread count.
        dotnet pwsh ./tools/Format-BenchmarkReport.ps1 -Results ./BenchmarkDotNet.Artifacts/results -Peer /tmp/peer/results/results.csv, /tmp/peer/results2/results.csv
#>
param(
    [string] $Results = (Join-Path $PSScriptRoot '../BenchmarkDotNet.Artifacts/results'),
    # One or more torch-bench results.csv files; with several, each row takes libtorch's fastest median (the conservative comparison).
    [string[]] $Peer
)
$ErrorActionPreference = 'Stop'
$inv = [cultureinfo]::InvariantCulture

function ConvertTo-Seconds([string] $text) {
    $value, $unit = $text.Trim() -split ' '
    $v = [double]::Parse($value.Replace(',', ''), $inv)
    switch ($unit) { 'ns' { $v / 1e9 } 'us' { $v / 1e6 } 'μs' { $v / 1e6 } 'ms' { $v / 1e3 } 's' { $v } default { throw "unit $unit" } }
}

function Format-Time([double] $s) {
    if ($s -ge 1) { return $s.ToString('0.00', $inv) + ' s' }
    if ($s -ge 1e-3) { return ($s * 1e3).ToString('0.00', $inv) + ' ms' }
    if ($s -ge 1e-6) { return ($s * 1e6).ToString('0.0', $inv) + ' µs' }
    return ($s * 1e9).ToString('0', $inv) + ' ns'
}

function Format-Rate([double] $perSecond) { ($perSecond / 1e9).ToString('0.000', $inv) + ' G/s' }
function Format-Ratio($r) { if ($null -eq $r) { '—' } else { ([double]$r).ToString('0.00', $inv) + '×' } }

function Read-Report([string] $name) {
    $file = Get-ChildItem $Results -Filter "*.$name-report.csv" | Select-Object -First 1
    if (-not $file) { return @() }
    Import-Csv $file.FullName | ForEach-Object { $_ | Add-Member -PassThru Seconds (ConvertTo-Seconds $_.Median) }
}

$peerRows = @($Peer | Where-Object { $_ -and (Test-Path $_) } | ForEach-Object { Import-Csv $_ })
function Get-Peer([string] $op, [int] $threads, [long] $n) {
    $best = $null
    foreach ($row in $peerRows | Where-Object { $_.op -eq $op -and [int]$_.threads -eq $threads -and [long]$_.n -eq $n }) {
        $value = 0.0
        if ([double]::TryParse($row.median_s, [Globalization.NumberStyles]::Float, $inv, [ref] $value) -and $value -gt 0 -and ($null -eq $best -or $value -lt $best)) { $best = $value }
    }
    $best
}

$limit = Read-Report 'LimitBenchmarks'
function Get-Limit([string] $method, [long] $n) { ($limit | Where-Object { $_.Method -eq $method -and [long]$_.N -eq $n } | Select-Object -First 1).Seconds }

'### The limit'
''
'| row | n | median | elements/s |'
'|---|---:|---:|---:|'
foreach ($r in $limit) { "| $($r.Method.Trim("'")) | $([long]$r.N) | $(Format-Time $r.Seconds) | $(Format-Rate ([long]$r.N / $r.Seconds)) |" }
''
'### MathNet.Numerics samplers (float64, Xoshiro256StarStar)'
''
'| row | n | median | elements/s |'
'|---|---:|---:|---:|'
foreach ($r in Read-Report 'MathNetBenchmarks') { "| $($r.Method.Trim("'")) | $([long]$r.N) | $(Format-Time $r.Seconds) | $(Format-Rate ([long]$r.N / $r.Seconds)) |" }

$peerOp = @{
    Zeros = 'torch.zeros'; Ones = 'torch.ones'; Constant = 'torch.full(0.5)'; RandomUniform = 'init.uniform_(-0.1,0.1)'
    RandomNormal = 'init.normal_(0,0.02)'; TruncatedNormal = 'init.trunc_normal_(0,0.02,-0.04,0.04)'
    GlorotUniform = 'init.xavier_uniform_'
    # The issue's target for the truncated VarianceScaling family is libtorch's trunc_normal_ (kaiming_normal_ is untruncated).
    HeNormal = 'init.trunc_normal_(0,0.02,-0.04,0.04)'
}
''
'### This library: Initializer.Call(shape, dtype), default threading (both cores above 2^18 elements)'
''
'Limit: `new float[n]` (`new double[n]` for float64) for Zeros and the random fills, `new float[n] + Span.Fill` for Ones and Constant.'
'libtorch: the same operation at the same thread count (2), float32 only; ratio = libtorch time / our time (above 1 means we are faster).'
''
'| initializer | dtype | n | median | elements/s | × limit time | vs libtorch |'
'|---|---|---:|---:|---:|---:|---:|'
foreach ($r in Read-Report 'FillBenchmarks' | Sort-Object Initializer, DType, { [long]$_.N }) {
    $n = [long]$r.N
    $limitMethod = if ($r.Initializer -in 'Ones', 'Constant') { 'new float[n] + Span.Fill' } elseif ($r.DType -eq 'Float64') { 'new double[n]' } else { 'new float[n]' }
    $l = Get-Limit "'$limitMethod'" $n
    if (-not $l) { $l = Get-Limit $limitMethod $n }
    $p = if ($r.DType -eq 'Float32') { Get-Peer $peerOp[$r.Initializer] 2 $n } else { $null }
    "| $($r.Initializer) | $($r.DType.ToLowerInvariant()) | $n | $(Format-Time $r.Seconds) | $(Format-Rate ($n / $r.Seconds)) | $(Format-Ratio ($(if ($l) { $r.Seconds / $l }))) | $(Format-Ratio ($(if ($p) { $p / $r.Seconds }))) |"
}
''
'### One thread against two (float32)'
''
'| initializer | threads | n | median | elements/s | vs our 1 thread | vs libtorch, same threads |'
'|---|---:|---:|---:|---:|---:|---:|'
$threadRows = Read-Report 'ThreadBenchmarks'
foreach ($r in $threadRows | Sort-Object Initializer, { [long]$_.N }, Threads) {
    $n = [long]$r.N
    $one = ($threadRows | Where-Object { $_.Initializer -eq $r.Initializer -and [long]$_.N -eq $n -and $_.Threads -eq '1' }).Seconds
    $p = Get-Peer $peerOp[$r.Initializer] ([int]$r.Threads) $n
    "| $($r.Initializer) | $($r.Threads) | $n | $(Format-Time $r.Seconds) | $(Format-Rate ($n / $r.Seconds)) | $(Format-Ratio ($one / $r.Seconds)) | $(Format-Ratio ($(if ($p) { $p / $r.Seconds }))) |"
}
''
'### Orthogonal (float32)'
''
'| size | threads | median | libtorch orthogonal_ | ours ÷ libtorch time |'
'|---|---:|---:|---:|---:|'
foreach ($r in Read-Report 'OrthogonalBenchmarks' | Sort-Object { [int]$_.Size }, Threads) {
    $size = [int]$r.Size
    $p = Get-Peer "torch init.orthogonal_ (n x n)" ([int]$r.Threads) ([long]$size * $size)
    if (-not $p) { $p = Get-Peer "torch init.orthogonal_ (n x n) ($($size)x$($size))" ([int]$r.Threads) ([long]$size * $size) }
    "| $size×$size | $($r.Threads) | $(Format-Time $r.Seconds) | $(if ($p) { Format-Time $p } else { '—' }) | $(Format-Ratio ($(if ($p) { $r.Seconds / $p }))) |"
}
''
'### The cmdlet path (hosted runspace, one pipeline per call)'
''
'| command | shape | median | × New-Object float[] |'
'|---|---|---:|---:|'
$cmdletRows = Read-Report 'CmdletBenchmarks'
foreach ($r in $cmdletRows) {
    $base = ($cmdletRows | Where-Object { $_.Shape -eq $r.Shape -and $_.Method -like '*New-Object*' }).Seconds
    "| $($r.Method.Trim("'")) | $($r.Shape) | $(Format-Time $r.Seconds) | $(Format-Ratio ($r.Seconds / $base)) |"
}
