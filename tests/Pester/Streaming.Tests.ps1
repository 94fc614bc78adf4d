# Why Pester: shards are written by separate pwsh processes running the built module (they never talk to each other),
# the README's ForEach-Object -Parallel recipe imports the laid-out module into its runspaces, and peak memory is the
# working set of a whole fresh process.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force

    function Start-Pwsh([string] $Script) {
        $file = Join-Path $TestDrive ('p-' + [guid]::NewGuid() + '.ps1')
        Set-Content -LiteralPath $file -Value $Script
        $cmd = @(Get-PwshCommand)
        $info = [System.Diagnostics.ProcessStartInfo]::new($cmd[0])
        foreach ($a in @($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($info)
    }
}

Describe 'Export-Tensor -ShardIndex/-ShardCount across processes' {
    It 'four concurrent processes write parts that join to the bytes one process writes' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'shards')
        $one = Join-Path $dir 'one.npy'
        $many = Join-Path $dir 'many.npy'
        $init = '{"class_name": "GlorotNormal", "config": {"seed": 99}}'
        Export-Tensor -LiteralPath $one -Initializer $init -Shape 1000, 1003 -DType float16

        $processes = 0..3 | ForEach-Object {
            Start-Pwsh "`$ErrorActionPreference = 'Stop'; Import-Module '$ModulePath'; Export-Tensor -LiteralPath '$many' -Initializer '$init' -Shape 1000, 1003 -DType float16 -ShardIndex $_ -ShardCount 4"
        }
        $errors = foreach ($p in $processes) {
            $stderr = $p.StandardError.ReadToEndAsync()
            $null = $p.StandardOutput.ReadToEnd()
            $p.WaitForExit()
            if ($p.ExitCode -ne 0) { "exit $($p.ExitCode): $($stderr.Result)" }
        }
        $errors | Should -BeNullOrEmpty
        # They ran at the same time: every one started before any one ended.
        ($processes.StartTime | Measure-Object -Maximum).Maximum | Should -BeLessThan ($processes.ExitTime | Measure-Object -Minimum).Minimum

        $parts = Get-ChildItem -LiteralPath $dir -Filter 'many.npy.part-?????-of-00004' | Sort-Object Name
        $parts.Count | Should -Be 4
        $expected = [System.IO.File]::ReadAllBytes($one)
        $buffer = [System.IO.MemoryStream]::new()
        foreach ($part in $parts) { $bytes = [System.IO.File]::ReadAllBytes($part.FullName); $buffer.Write($bytes, 0, $bytes.Length) }
        $concatenated = $buffer.ToArray()
        [System.Linq.Enumerable]::SequenceEqual($concatenated, $expected) | Should -BeTrue -Because 'cat of the parts is the file'

        Join-TensorShard -LiteralPath $many
        [System.Linq.Enumerable]::SequenceEqual([System.IO.File]::ReadAllBytes($many), $expected) | Should -BeTrue
        @(Get-ChildItem -LiteralPath $dir -Filter 'many.npy.part-*').Count | Should -Be 0
    }

    It 'the README recipe with ForEach-Object -Parallel writes the file one process writes' {
        $readme = Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '../../README.md')
        $recipe = [regex]::Match($readme, '(?s)with `ForEach-Object -Parallel`[^\n]*\n\n```powershell\r?\n(.*?)```').Groups[1].Value
        $recipe | Should -Match 'Join-TensorShard'
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'recipe')
        Push-Location -LiteralPath $dir
        try {
            & ([scriptblock]::Create($recipe))
            Export-Tensor -Path ./single.npy -Initializer @{ class_name = 'RandomNormal'; config = @{ seed = 42 } } -Shape 100000, 64
            (Get-FileHash ./embedding.npy).Hash | Should -Be (Get-FileHash ./single.npy).Hash
            @(Get-ChildItem -Filter 'embedding.npy.part-*').Count | Should -Be 0
        }
        finally { Pop-Location }
    }
}

Describe 'Peak memory of a streaming export' {
    It 'stays far below the size of the tensor it writes (a fresh process, 400 MB of int8)' {
        $path = Join-Path $TestDrive 'peak.npy'
        $result = Invoke-FreshPwsh @"
Import-Module '$ModulePath'
Export-Tensor -LiteralPath '$path' -Initializer @{ class_name = 'RandomUniform'; config = @{ minval = -128; maxval = 128; seed = 3 } } -Shape 400000000 -DType int8
`$p = [System.Diagnostics.Process]::GetCurrentProcess()
`$p.Refresh()
'{0} {1}' -f (Get-Item -LiteralPath '$path').Length, `$p.PeakWorkingSet64
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $length, $peak = ($result.Output | Select-Object -Last 1) -split ' '
        [long]$length | Should -Be 400000128
        # pwsh with the module loaded peaks near 110 MB on its own; the tensor alone would take 400 MB more.
        [long]$peak | Should -BeLessThan 256MB
        Remove-Item -LiteralPath $path
    }
}
